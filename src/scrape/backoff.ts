/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential
 * Backoff and Jitter"): the n-th retry waits a uniform random time in
 * [c/2, c) with c = min(cap, base·2ⁿ), so waits grow and retrying clients
 * spread out instead of colliding.
 */

/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** First retry's ceiling in ms (default 500). */
  baseMs?: number;
  /** Largest ceiling in ms (default 30,000). */
  capMs?: number;
  /** Uniform source in [0, 1); defaults to Math.random (inject in tests). */
  random?: () => number;
}

/** The wait before retry number `attempt` (0-based), in ms. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const ceiling = Math.min(opts.capMs ?? 30_000, (opts.baseMs ?? 500) * 2 ** attempt);
  return Math.floor(ceiling / 2 + ((opts.random ?? Math.random)() * ceiling) / 2);
}
