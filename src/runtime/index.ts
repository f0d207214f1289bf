/**
 * Go's concurrency model, native to TypeScript: channels and `select`, tasks
 * (`go`), `WaitGroup`, `Mutex`, `RWMutex`, `Once`, a weighted `Semaphore`,
 * errgroup's `Group`, `Context` with cancellation bridged to AbortSignal,
 * timers on an injectable `Clock`, and signal-aware root contexts.
 *
 * Long chains of synchronous hand-offs yield to the macrotask queue once they
 * have run `PREEMPT_SLICE_MS` (checked every `PREEMPT_EVERY` operations), so
 * timers and I/O are never starved.
 *
 * @example
 * import { Channel, WaitGroup } from "../runtime/index.ts";
 * const jobs = new Channel<string>(16);
 * const wg = new WaitGroup();
 * for (let i = 0; i < 4; i++) wg.go(async () => { for await (const j of jobs) await handle(j); });
 * for (const j of list) await jobs.send(j);
 * jobs.close();
 * await wg.wait();
 *
 * @module
 */

export { Channel, type ChannelOpOptions, type Recv } from "./channel.ts";
export { type Clock, FakeClock, realClock } from "./clock.ts";
export {
  background,
  type CancelFunc,
  childCount,
  type Context,
  type DeadlineOptions,
  fromSignal,
  withCancel,
  withDeadline,
  withTimeout,
  withValue,
} from "./context.ts";
export { Group, type GroupOptions } from "./errgroup.ts";
export {
  Canceled,
  CanceledError,
  ChannelClosedError,
  DeadlineExceeded,
  DeadlineExceededError,
  InvalidArgumentError,
  PanicError,
  RuntimeError,
  SignalError,
  SyncError,
} from "./errors.ts";
export { defaultPanicHandler, go, type PanicHandler, setPanicHandler } from "./go.ts";
export { Guard, type LockOptions, Mutex } from "./mutex.ts";
export { Once } from "./once.ts";
export { RWMutex } from "./rwmutex.ts";
export { gosched, PREEMPT_EVERY, PREEMPT_SLICE_MS } from "./sched.ts";
export {
  onDone,
  onRecv,
  onSend,
  onTimeout,
  select,
  type SelectCase,
  type SelectOptions,
  type SelectResult,
  type TimeoutOptions,
} from "./select.ts";
export { Semaphore } from "./semaphore.ts";
export { notifyContext, type NotifyOptions, type SignalProcess, signalExitCode } from "./signal.ts";
export { after, afterFunc, sleep, type SleepOptions, Ticker, ticker, Timer, type TimerOptions } from "./timer.ts";
export { WaitGroup, type WaitOptions } from "./waitgroup.ts";
