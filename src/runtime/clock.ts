/**
 * The source of time for every time-dependent API, injectable so tests never
 * sleep: `realClock` in production, `FakeClock` in tests.
 */
export interface Clock {
  /** Current time in milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a pending callback; unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void;
}

/** The wall clock and the host's timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A manual clock: time moves only through {@link FakeClock.advance}, which
 * fires due timers in order of due time, then creation. Invariant: `#timers`
 * is a binary min-heap on (due, id).
 * @example
 * const clock = new FakeClock();
 * const slept = sleep(1000, { clock });
 * clock.advance(1000);
 * await slept;
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: FakeTimer[] = [];
  #live = new Set<number>();
  #watchers: { n: number; resolve: () => void }[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  /** Current fake time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  get pending(): number {
    return this.#live.size;
  }

  /** Schedules `fn` at now + `ms` of fake time. */
  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#push({ id, due: this.#now + Math.max(0, ms), fn });
    this.#live.add(id);
    if (this.#watchers.length > 0) {
      const n = this.#live.size;
      for (const w of this.#watchers.filter((w) => n >= w.n)) w.resolve();
      this.#watchers = this.#watchers.filter((w) => n < w.n);
    }
    return id;
  }

  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: unknown): void {
    this.#live.delete(handle as number);
  }

  /** Fires the earliest live timer due at or before `target`; false when none is left. */
  #fireNext(target: number): boolean {
    for (;;) {
      const t = this.#peek();
      if (t === undefined || t.due > target) return false;
      this.#pop();
      if (!this.#live.delete(t.id)) continue;
      this.#now = t.due;
      t.fn();
      return true;
    }
  }

  /** Moves time forward by `ms`, firing every timer that falls due, including ones those timers schedule. */
  advance(ms: number): void {
    const target = this.#now + Math.max(0, ms);
    while (this.#fireNext(target));
    this.#now = target;
  }

  /** Like {@link advance} but lets promise continuations run after each fired timer, so chains of timers settle. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    do await flushMicrotasks();
    while (this.#fireNext(target));
    this.#now = target;
    await flushMicrotasks();
  }

  /** Resolves once at least `n` timers are pending: lets a test wait until the code under test has armed its timers. */
  waitForTimers(n: number): Promise<void> {
    if (this.#live.size >= n) return Promise.resolve();
    return new Promise((resolve) => this.#watchers.push({ n, resolve }));
  }

  #peek(): FakeTimer | undefined {
    const h = this.#timers;
    while (h.length > 0 && !this.#live.has(h[0]!.id)) this.#pop();
    return h[0];
  }

  #push(t: FakeTimer): void {
    const h = this.#timers;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#timers;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function before(a: FakeTimer, b: FakeTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}

/** Resolves after one turn of the event loop, by which time every queued continuation has run. */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
