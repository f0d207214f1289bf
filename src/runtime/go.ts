import { PanicError } from "./errors.ts";

/** Receives the failure of a task started with {@link go}: what it threw and its name. */
export type PanicHandler = (error: unknown, task: string) => void;

/** Writes one line to stderr and sets `process.exitCode = 1`, as a Go panic would fail the program. */
export const defaultPanicHandler: PanicHandler = (error, task) => {
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  const debug = proc?.env.GOKIT_DEBUG === "1" && error instanceof Error && error.stack;
  const line = `${new PanicError(task, error).message}\n${debug ? `${error.stack}\n` : ""}`;
  if (proc?.stderr) proc.stderr.write(line);
  else console.error(line.trimEnd());
  if (proc) proc.exitCode = 1;
};

let handler: PanicHandler = defaultPanicHandler;

/** Replaces the panic handler; returns the previous one so tests can restore it. */
export function setPanicHandler(h: PanicHandler): PanicHandler {
  const prev = handler;
  handler = h;
  return prev;
}

/** Hands a task failure to the current panic handler; a throwing handler cannot lose the report. */
export function panic(error: unknown, task: string): void {
  try {
    handler(error, task);
  } catch {
    defaultPanicHandler(error, task);
  }
}

/** The name a task is reported under. */
export function taskName(fn: Function, name: string | undefined): string {
  return name ?? (fn.name || "anonymous");
}

/**
 * Starts `fn` as a concurrent task (Go's `go` statement). It runs synchronously
 * until its first `await`; a throw or rejection goes to the panic handler with
 * the task's name, never silently lost.
 * @example
 * go(async () => { for await (const job of jobs) await handle(job); }, "worker");
 */
export function go(fn: () => unknown, name?: string): void {
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    panic(e, taskName(fn, name));
    return;
  }
  if (r instanceof Promise ? !fulfilled(r) : isThenable(r)) {
    // The cache check is inlined on purpose: a call per task here raised the
    // peak RSS of 1M parked tasks by ~30 MB in JSC (bench/runtime.ts).
    if (fn !== lastFn || name !== lastName) onPanic(fn, name);
    (r as PromiseLike<unknown>).then(undefined, lastHandler);
  }
}

type Peek = { (p: Promise<unknown>): unknown; status: (p: Promise<unknown>) => string };
const peek = (globalThis as { Bun?: { peek?: Peek } }).Bun?.peek;

/** Whether `p` has already fulfilled, so observing it needs no reaction (false when the host cannot tell). */
export function fulfilled(p: Promise<unknown>): boolean {
  // Bun.peek returns a pending promise itself without allocating; peek.status
  // allocates, so it is asked only about settled promises.
  return peek !== undefined && peek(p) !== p && peek.status(p) === "fulfilled";
}

// The last task's rejection handler is reused for the next task of the same
// function and name, so spawning one function many times allocates no closures.
let lastFn: Function | null = null;
let lastName: string | undefined;
let lastHandler: (e: unknown) => void = () => {};

/** A rejection handler reporting a failure of task `fn` named `name`. */
export function onPanic(fn: Function, name: string | undefined): (e: unknown) => void {
  if (fn !== lastFn || name !== lastName) {
    lastFn = fn;
    lastName = name;
    lastHandler = (e: unknown) => panic(e, taskName(fn, name));
  }
  return lastHandler;
}

/** Whether `v` is a promise-like object. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";
}
