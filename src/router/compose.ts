/** The onion: runs handlers in order, each deciding whether and when the rest runs by awaiting `next()`. */
import type { Context } from "./context.ts";
import type { Handler } from "./route.ts";

/**
 * Runs `chain` on `c`. A handler that does not call `next()` ends the chain
 * there (an early return); calling it twice is an error.
 */
export function run(chain: readonly Handler[], c: Context): Promise<void> {
  let last = -1;
  const dispatch = (i: number): Promise<void> => {
    if (i <= last) return Promise.reject(new Error("router: next() called more than once"));
    last = i;
    const h = chain[i];
    if (h === undefined) return Promise.resolve();
    try {
      const out = h(c, () => dispatch(i + 1));
      return out instanceof Promise ? out.then(ignore) : Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return dispatch(0);
}

function ignore(): void {}

/** Composes handlers into one handler that runs them as a nested chain, then calls its own `next`. */
export function compose(...handlers: Handler[]): Handler {
  return (c, next) => run([...handlers, () => next()], c);
}
