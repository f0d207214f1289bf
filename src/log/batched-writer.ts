/**
 * A log stream that gathers writes and hands them on together, once per turn
 * of the event loop, so a daemon logging every request pays one write per
 * burst instead of one per line. Lines are never reordered; `flush()` writes
 * what is pending at once (call it before exiting; it also runs on process exit).
 */

/** A LogStream that batches writes per event-loop turn. */
export class BatchedWriter {
  readonly isTTY: boolean;
  readonly #write: (text: string) => unknown;
  #pending = "";
  #scheduled = false;

  /** `write` receives the batched text; `isTTY` is reported to the logger choosing a format. */
  constructor(write: (text: string) => unknown, options: { isTTY?: boolean } = {}) {
    this.#write = write;
    this.isTTY = options.isTTY === true;
    process.once("exit", () => this.flush());
  }

  /** Queues text as is. */
  write(text: string): boolean {
    this.#pending += text;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  /** Queues one line (a newline is added). */
  add(line: string): void {
    this.write(`${line}\n`);
  }

  /** Writes everything queued now. */
  flush(): void {
    this.#scheduled = false;
    const text = this.#pending;
    if (text === "") return;
    this.#pending = "";
    this.#write(text);
  }
}
