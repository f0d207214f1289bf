/**
 * Runs a function exactly once (Go's `sync.Once`). Every call of `do`,
 * concurrent or later, settles with that single run's outcome.
 * @example
 * const init = new Once();
 * await init.do(() => loadConfig());
 */
export class Once {
  #p: Promise<void> | null = null;

  /** Whether `do` has been called. */
  get done(): boolean {
    return this.#p !== null;
  }

  /** Runs `fn` if no call of `do` has yet; resolves (or rejects) when that one run finishes. */
  do(fn: () => unknown): Promise<void> {
    if (this.#p !== null) return this.#p;
    let settle!: (v: unknown) => void;
    // Published before fn runs, so a call of `do` from inside fn waits on it, as in Go.
    this.#p = new Promise<unknown>((resolve) => (settle = resolve)).then(() => {});
    try {
      settle(fn());
    } catch (e) {
      settle(Promise.reject(e));
    }
    return this.#p;
  }
}
