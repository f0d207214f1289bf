/** A raw TCP client for server tests: write any bytes, wait for a condition on what came back, or for the close. */
import type { Socket } from "bun";

/** One raw connection; `text` is everything received, as latin-1. */
export class RawClient implements AsyncDisposable {
  text = "";
  closed = false;
  readonly #socket: Socket<undefined>;
  #waiters: (() => void)[] = [];
  #closedPromise: Promise<void>;

  private constructor(socket: Socket<undefined>, closed: Promise<void>) {
    this.#socket = socket;
    this.#closedPromise = closed;
  }

  /** Connects to 127.0.0.1:`port`. */
  static async connect(port: number): Promise<RawClient> {
    let self: RawClient | undefined;
    let onClose!: () => void;
    const closed = new Promise<void>((r) => (onClose = r));
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_s, chunk) => self!.#received(chunk),
        close: () => self!.#gone(onClose),
        error: () => self!.#gone(onClose),
      },
    });
    self = new RawClient(socket, closed);
    return self;
  }

  #received(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i += 8192) this.text += String.fromCharCode(...chunk.subarray(i, i + 8192));
    this.#wake();
  }

  #gone(onClose: () => void): void {
    this.closed = true;
    onClose();
    this.#wake();
  }

  #wake(): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w();
  }

  /** Writes all of `data` at once. */
  write(data: string | Uint8Array): void {
    const b = typeof data === "string" ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : data;
    let at = 0;
    while (at < b.length) {
      const n = this.#socket.write(b.subarray(at));
      if (n <= 0) throw new Error("raw client: write failed");
      at += n;
    }
  }

  /** Writes `data` in pieces of `step` bytes, letting the event loop turn between them. */
  async writeSlowly(data: string, step = 1): Promise<void> {
    for (let i = 0; i < data.length; i += step) {
      this.write(data.slice(i, i + step));
      this.#socket.flush();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Resolves with `text` once `pred(text)` holds or the connection closes. */
  async until(pred: (text: string) => boolean): Promise<string> {
    while (!pred(this.text) && !this.closed) await new Promise<void>((r) => this.#waiters.push(r));
    return this.text;
  }

  /** Resolves once `n` complete responses with Content-Length bodies have arrived (or the peer closed). */
  responses(n: number): Promise<string> {
    return this.until((t) => countResponses(t) >= n);
  }

  /** Resolves when the server closes the connection. */
  waitClose(): Promise<void> {
    return this.#closedPromise;
  }

  close(): void {
    if (!this.closed) this.#socket.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.closed) this.#socket.terminate();
  }
}

/** Counts complete responses in `t`, using their Content-Length (or chunked terminator) to find each end. */
export function countResponses(t: string): number {
  let n = 0;
  let at = 0;
  for (;;) {
    const end = t.indexOf("\r\n\r\n", at);
    if (end < 0) return n;
    const head = t.slice(at, end);
    const status = Number(head.slice(9, 12));
    let next = end + 4;
    const m = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (status >= 100 && status < 200) {
      at = next;
      continue;
    }
    if (m) next += Number(m[1]);
    else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = t.indexOf("\r\n0\r\n\r\n", end);
      if (last < 0) return n;
      next = last + 7;
    }
    if (next > t.length) return n;
    n++;
    at = next;
  }
}

/** Status codes of the final responses in `t`, in order. */
export function statuses(t: string): number[] {
  return [...t.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])).filter((s) => s >= 200);
}
