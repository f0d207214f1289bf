import { background, type CancelFunc, type Context, withCancel } from "./context.ts";
import { InvalidArgumentError, SyncError } from "./errors.ts";
import { Ring } from "./ring.ts";
import { RESOLVED } from "./sched.ts";

/** Options of a {@link Group}. */
export interface GroupOptions {
  /** Most tasks running at once; further ones start as running ones finish. Unlimited by default. */
  limit?: number;
}

/**
 * A set of tasks working on subtasks of one job (golang.org/x/sync/errgroup).
 * The first task to fail cancels the group's context; `wait` returns that
 * first error. Invariant: `#active <= #limit`, and queued tasks start in FIFO
 * order as slots free.
 * @example
 * const [g, ctx] = Group.withContext(parent, { limit: 8 });
 * for (const url of urls) g.go(() => fetch(url, { signal: ctx.signal }));
 * const err = await g.wait();
 */
export class Group {
  #limit: number;
  #active = 0;
  #pending = 0;
  #err: Error | undefined;
  #cancel: CancelFunc | undefined;
  readonly #queue = new Ring<{ fn: () => unknown; started: () => void }>();
  #wake: (() => void) | null = null;
  #idle: Promise<void> | null = null;

  /** A group without a context: a failure is recorded but cancels nothing. */
  constructor(opts?: GroupOptions) {
    this.#limit = checkLimit(opts?.limit);
  }

  /** A group and its context, a child of `parent` cancelled (cause: the error) by the first failure, or when `wait` returns. */
  static withContext(parent: Context = background(), opts?: GroupOptions): [Group, Context] {
    const [ctx, cancel] = withCancel(parent);
    const g = new Group(opts);
    g.#cancel = cancel;
    return [g, ctx];
  }

  /** Changes the concurrency limit; throws SyncError while tasks are active. */
  setLimit(limit: number | undefined): void {
    if (this.#active > 0) throw new SyncError(`errgroup: modify limit while ${this.#active} tasks in the group are still active`);
    this.#limit = checkLimit(limit);
  }

  /**
   * Runs `fn` in the group, now if under the limit, else once a slot frees.
   * The promise resolves when `fn` has started (await it for Go's blocking `g.Go`).
   */
  go(fn: () => unknown): Promise<void> {
    this.#pending++;
    if (this.#active < this.#limit) {
      this.#start(fn);
      return RESOLVED;
    }
    return new Promise<void>((started) => this.#queue.push({ fn, started }));
  }

  /** Runs `fn` if under the limit and returns true; otherwise returns false and does nothing. */
  tryGo(fn: () => unknown): boolean {
    if (this.#active >= this.#limit) return false;
    this.#pending++;
    this.#start(fn);
    return true;
  }

  /** Waits for every task, cancels the group's context, and returns the first error (`undefined` if none). */
  async wait(): Promise<Error | undefined> {
    if (this.#pending > 0) await (this.#idle ??= new Promise<void>((resolve) => (this.#wake = resolve)));
    this.#cancel?.();
    return this.#err;
  }

  #start(fn: () => unknown): void {
    this.#active++;
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.#finish(e, true);
      return;
    }
    Promise.resolve(r).then(
      () => this.#finish(undefined, false),
      (e: unknown) => this.#finish(e, true),
    );
  }

  #finish(e: unknown, failed: boolean): void {
    this.#active--;
    this.#pending--;
    if (failed && this.#err === undefined) {
      this.#err = e instanceof Error ? e : new Error(String(e), { cause: e });
      this.#cancel?.(this.#err);
    }
    if (this.#queue.length > 0 && this.#active < this.#limit) {
      const next = this.#queue.shift();
      next.started();
      this.#start(next.fn);
    }
    if (this.#pending === 0 && this.#wake !== null) {
      const wake = this.#wake;
      this.#wake = null;
      this.#idle = null;
      wake();
    }
  }
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined || limit < 0) return Infinity;
  if (limit === 0 || !Number.isInteger(limit)) throw new InvalidArgumentError(`errgroup: invalid limit ${limit}`);
  return limit;
}
