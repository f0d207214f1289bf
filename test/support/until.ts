/**
 * Waits for a condition, not for time: polls `check` between event-loop turns
 * until it holds, failing with `what` after `timeoutMs` (a safety net, never
 * the expected path).
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
