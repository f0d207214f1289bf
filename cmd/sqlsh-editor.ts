/**
 * The raw-mode terminal driver of the sqlsh REPL's line editor: reads keys,
 * applies them to a `LineState` (cmd/sqlsh-line.ts), redraws the line (lines
 * wider than the terminal scroll horizontally), lists Tab candidates, and
 * keeps the terminal raw for the whole session so keys typed while a
 * statement runs wait in order.
 */
import { writeSync } from "node:fs";
import { displayWidth } from "../src/term/width.ts";
import { LineState, splitKeys, type Completer } from "./sqlsh-line.ts";

/** Writes all of `text` to `fd`, retrying while a non-blocking terminal is full. */
export function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** What `TtyEditor.readLine` returns. */
export type ReadResult = { kind: "line"; text: string } | { kind: "eof" } | { kind: "interrupt" };

/** Reads lines from a terminal in raw mode, echoing and redrawing the edited line. */
export class TtyEditor {
  private input = "";
  private waiting: (() => void) | undefined;
  private ended = false;
  private readonly onData = (chunk: Buffer | string) => {
    this.input += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    this.wake();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly history: string[],
    private readonly columns: () => number,
    private readonly completer?: Completer,
  ) {
    // Raw for the whole session: keys typed while a statement runs wait in order,
    // instead of meeting the kernel's cooked-mode line editing and signals.
    stdin.setRawMode(true);
    stdin.on("data", this.onData);
    stdin.on("end", this.onEnd);
    stdin.resume();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  private render(prompt: string, state: LineState): void {
    const room = Math.max(10, this.columns() - prompt.length - 1);
    const start = state.cursor > room ? state.cursor - room : 0;
    const visible = state.text.slice(start, start + room);
    const col = displayWidth(prompt + visible.slice(0, state.cursor - start));
    writeAll(1, `\r${prompt}${visible}\x1b[K\r${col > 0 ? `\x1b[${col}C` : ""}`);
  }

  /** Shows `prompt` and reads one edited line. */
  async readLine(prompt: string): Promise<ReadResult> {
    const state = new LineState(this.history, this.completer);
    this.render(prompt, state);
    for (;;) {
      const { keys, rest } = splitKeys(this.input);
      for (let k = 0; k < keys.length; k++) {
        const outcome = state.apply(keys[k]!);
        if (outcome === "edit") continue;
        if (outcome === "clear") {
          writeAll(1, "\x1b[H\x1b[2J");
          continue;
        }
        if (outcome === "list") {
          writeAll(1, `\r\n${state.candidates.join("  ")}\r\n`);
          continue;
        }
        // Keys after the one that ends the line belong to the next line (a paste of several lines).
        this.input = keys.slice(k + 1).join("") + rest;
        if (outcome === "submit" && keys[k] === "\r" && this.input.startsWith("\n")) this.input = this.input.slice(1);
        state.cursor = state.text.length;
        this.render(prompt, state);
        if (outcome === "submit") {
          writeAll(1, "\r\n");
          return { kind: "line", text: state.text };
        }
        writeAll(1, outcome === "interrupt" ? "^C\r\n" : "\r\n");
        return { kind: outcome };
      }
      this.input = rest;
      this.render(prompt, state);
      if (this.ended) {
        writeAll(1, "\r\n");
        return state.text === "" ? { kind: "eof" } : { kind: "line", text: state.text };
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** Stops reading the terminal. */
  close(): void {
    this.stdin.off("data", this.onData);
    this.stdin.off("end", this.onEnd);
    this.stdin.setRawMode(false);
    this.stdin.pause();
  }
}
