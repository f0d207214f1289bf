/**
 * A cache of generated function factories keyed by their source text. Reusing one factory for equal source lets
 * the JavaScript engine keep its optimised code across executions of the same query shape (a fresh `new Function`
 * would start cold in the interpreter every time).
 */
const cache = new Map<string, (...args: unknown[]) => unknown>();

/** `new Function(...params, body)`, memoised by parameter list and body. */
export function cachedFunction(params: string[], body: string): (...args: unknown[]) => unknown {
  const key = params.join(",") + "\u0000" + body;
  let f = cache.get(key);
  if (!f) {
    if (cache.size > 2000) cache.clear();
    f = new Function(...params, body) as (...args: unknown[]) => unknown;
    cache.set(key, f);
  }
  return f;
}
