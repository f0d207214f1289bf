/** Base class of every error the runtime throws; `code` is stable across releases. */
export class RuntimeError extends Error {
  /** Stable machine-readable identifier, e.g. `ERR_CHANNEL_CLOSED`. */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An argument outside its domain: a negative channel capacity, a zero ticker period. */
export class InvalidArgumentError extends RangeError {
  /** Always `ERR_INVALID_ARGUMENT`. */
  readonly code = "ERR_INVALID_ARGUMENT";
  constructor(message: string) {
    super(message);
    this.name = "InvalidArgumentError";
  }
}

/** A send on, or a second close of, a closed channel (a panic in Go). */
export class ChannelClosedError extends RuntimeError {
  constructor(message = "send on closed channel") {
    super("ERR_CHANNEL_CLOSED", message);
  }
}

/** Misuse of a synchronisation primitive: negative WaitGroup counter, unlock of an unlocked mutex. */
export class SyncError extends RuntimeError {
  constructor(message: string) {
    super("ERR_SYNC", message);
  }
}

/** The error class of {@link Canceled}: a context was cancelled. */
export class CanceledError extends RuntimeError {
  constructor() {
    super("ERR_CANCELED", "context canceled");
  }
}

/** The error class of {@link DeadlineExceeded}: a context's deadline passed. */
export class DeadlineExceededError extends RuntimeError {
  constructor() {
    super("ERR_DEADLINE_EXCEEDED", "context deadline exceeded");
  }
}

/** `ctx.err()` after cancellation; compare by identity (`err === Canceled`). */
export const Canceled: CanceledError = new CanceledError();

/** `ctx.err()` after the deadline; compare by identity (`err === DeadlineExceeded`). */
export const DeadlineExceeded: DeadlineExceededError = new DeadlineExceededError();

/** The cause of a context cancelled by an OS signal (see `notifyContext`). */
export class SignalError extends RuntimeError {
  /** The signal received, e.g. `SIGINT`. */
  readonly signal: string;
  constructor(signal: string) {
    super("ERR_SIGNAL", `signal: received ${signal}`);
    this.signal = signal;
  }
}

/** A task started with `go()` rejected or threw; handed to the panic handler. */
export class PanicError extends RuntimeError {
  /** The task's name. */
  readonly task: string;
  constructor(task: string, cause: unknown) {
    super("ERR_PANIC", `panic: task "${task}": ${describe(cause)}`, { cause });
    this.task = task;
  }
}

/** One-line description of a thrown value. */
export function describe(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
