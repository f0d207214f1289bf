/** A node of a {@link WaitList}; `list` is the list it is linked into, or null. */
export interface WaitNode<N extends WaitNode<N>> {
  prev: N | null;
  next: N | null;
  list: WaitList<N> | null;
}

/**
 * An intrusive FIFO of parked waiters with O(1) removal from anywhere, for
 * waits that may be abandoned (an aborted lock or acquire).
 */
export class WaitList<N extends WaitNode<N>> {
  #head: N | null = null;
  #tail: N | null = null;
  #length = 0;

  /** Number of linked nodes. */
  get length(): number {
    return this.#length;
  }

  /** The first node, or null. */
  get head(): N | null {
    return this.#head;
  }

  /** Links `n` at the tail. */
  push(n: N): void {
    n.list = this;
    n.prev = this.#tail;
    n.next = null;
    if (this.#tail === null) this.#head = n;
    else this.#tail.next = n;
    this.#tail = n;
    this.#length++;
  }

  /** Unlinks and returns the head, or null. */
  shift(): N | null {
    const n = this.#head;
    if (n !== null) this.remove(n);
    return n;
  }

  /** Unlinks `n`; a no-op if it is not linked here. */
  remove(n: N): void {
    if (n.list !== this) return;
    if (n.prev === null) this.#head = n.next;
    else n.prev.next = n.next;
    if (n.next === null) this.#tail = n.prev;
    else n.next.prev = n.prev;
    n.prev = n.next = null;
    n.list = null;
    this.#length--;
  }
}

/**
 * A parked acquisition of a lock or semaphore: settles with a value of type V,
 * or rejects when its signal aborts. Invariant: linked into its list exactly
 * while pending, and listening on its signal exactly while linked.
 */
export class Parked<V> implements WaitNode<Parked<V>> {
  prev: Parked<V> | null = null;
  next: Parked<V> | null = null;
  list: WaitList<Parked<V>> | null = null;
  readonly promise: Promise<V>;
  #resolve!: (v: V) => void;
  #reject!: (e: unknown) => void;

  constructor(
    /** Amount requested (semaphore weight, or 1). */
    readonly n: number,
    readonly signal: AbortSignal | undefined,
    /** Called after an abort unlinked this waiter, so the owner can re-evaluate its queue. */
    readonly onAbort: ((w: Parked<V>) => void) | undefined,
  ) {
    this.promise = new Promise<V>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    signal?.addEventListener("abort", this);
  }

  /** Settles the (already unlinked) waiter with `v`. */
  grant(v: V, wake: (resolve: (v: V) => void, v: V) => void): void {
    this.signal?.removeEventListener("abort", this);
    wake(this.#resolve, v);
  }

  handleEvent(): void {
    this.signal!.removeEventListener("abort", this);
    if (this.list === null) return;
    this.list.remove(this);
    this.onAbort?.(this);
    this.#reject(this.signal!.reason);
  }
}
