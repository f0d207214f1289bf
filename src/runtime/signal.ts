import { type Context, withCancel } from "./context.ts";
import { SignalError } from "./errors.ts";

/** The part of `process` that {@link notifyContext} uses; inject a fake in tests. */
export interface SignalProcess {
  on(signal: string, listener: () => void): unknown;
  off(signal: string, listener: () => void): unknown;
  exit(code: number): unknown;
}

/** Options of {@link notifyContext}. */
export interface NotifyOptions {
  /** Where to listen and whom to exit; defaults to the global `process`. */
  process?: SignalProcess;
}

// POSIX numbers of the signals a CLI commonly handles; exit status is 128 + number.
const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/** The conventional exit status after `signal` (128 + its number): 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: string): number {
  return 128 + (SIGNALS[signal] ?? 0);
}

/**
 * A child of `parent` cancelled by the first of `signals` (Go's
 * `signal.NotifyContext`), with a SignalError as its cause. A second signal
 * exits at once with status 128 + signal number, for a user who insists.
 * `stop` removes the handlers and cancels the context.
 * @example
 * const [ctx, stop] = notifyContext(background());
 * try { await serve(ctx); } finally { stop(); }
 */
export function notifyContext(
  parent: Context,
  signals: readonly string[] = ["SIGINT", "SIGTERM"],
  opts?: NotifyOptions,
): [Context, () => void] {
  const proc = opts?.process ?? (globalThis.process as unknown as SignalProcess);
  const [ctx, cancel] = withCancel(parent);
  let received = 0;
  const handlers = signals.map((sig) => {
    const h = (): void => {
      if (received++ === 0) cancel(new SignalError(sig));
      else proc.exit(signalExitCode(sig));
    };
    proc.on(sig, h);
    return [sig, h] as const;
  });
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    for (const [sig, h] of handlers) proc.off(sig, h);
    cancel();
  };
  return [ctx, stop];
}
