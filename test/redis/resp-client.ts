/**
 * A raw RESP client for tests: sends exact bytes, returns each reply's exact
 * bytes (split at reply boundaries by a small RESP2/RESP3 reply scanner).
 */
import type { Socket } from "bun";

/** End offset of the reply starting at `off`, or -1 when incomplete. */
export function replyEnd(buf: Uint8Array, off: number): number {
  if (off >= buf.length) return -1;
  const nl = buf.indexOf(10, off);
  if (nl < 0) return -1;
  const type = String.fromCharCode(buf[off]!);
  const head = Buffer.from(buf.subarray(off + 1, nl - 1)).toString("latin1");
  const n = Number(head);
  switch (type) {
    case "$":
    case "=":
    case "!": {
      if (n < 0) return nl + 1;
      const end = nl + 1 + n + 2;
      return end <= buf.length ? end : -1;
    }
    case "*":
    case "~":
    case ">":
    case "%": {
      let p = nl + 1;
      const items = n < 0 ? 0 : type === "%" ? 2 * n : n;
      for (let i = 0; i < items; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      return p;
    }
    default:
      return nl + 1;
  }
}

/** A parsed reply: strings carry their type prefix ("+OK", "-ERR …", ":1", "$bulk"), null for nulls. */
export type Reply = string | null | Reply[];

/** Parses one reply (RESP2 or RESP3) into a Reply. */
export function parseReply(buf: Uint8Array, off = 0): [Reply, number] {
  const nl = buf.indexOf(10, off);
  const type = String.fromCharCode(buf[off]!);
  const head = Buffer.from(buf.subarray(off + 1, nl - 1)).toString("latin1");
  const n = Number(head);
  if (type === "$" || type === "=") {
    if (n < 0) return [null, nl + 1];
    return ["$" + Buffer.from(buf.subarray(nl + 1, nl + 1 + n)).toString("latin1"), nl + 1 + n + 2];
  }
  if (type === "*" || type === "~" || type === "%" || type === ">") {
    if (n < 0) return [null, nl + 1];
    const out: Reply[] = [];
    let p = nl + 1;
    for (let i = 0; i < (type === "%" ? 2 * n : n); i++) {
      const [r, next] = parseReply(buf, p);
      out.push(r);
      p = next;
    }
    return [out, p];
  }
  if (type === "_") return [null, nl + 1];
  return [type + head, nl + 1];
}

/** Encodes argv as a multibulk request. */
export function encodeCommand(argv: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) {
    const b = typeof a === "string" ? Buffer.from(a, "utf8") : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

/** A connection that hands back replies (raw bytes) in order. */
export class RawClient {
  #buf = new Uint8Array(0);
  #waiters: (() => void)[] = [];
  #closed = false;
  private constructor(readonly socket: Socket<undefined>) {}

  /** Connects to 127.0.0.1:port. */
  static async connect(port: number): Promise<RawClient> {
    let self!: RawClient;
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_s, chunk) => self.#push(chunk),
        close: () => self.#end(),
        error: () => self.#end(),
      },
    });
    self = new RawClient(socket);
    return self;
  }

  #push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.#buf.length + chunk.length);
    next.set(this.#buf);
    next.set(chunk, this.#buf.length);
    this.#buf = next;
    for (const w of this.#waiters.splice(0)) w();
  }

  #end(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Whether the server closed the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends raw bytes. */
  write(bytes: Uint8Array | string): void {
    this.socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }

  /** Resolves with the next complete reply's bytes, or null when the connection closed first. */
  async reply(): Promise<Uint8Array | null> {
    for (;;) {
      const end = replyEnd(this.#buf, 0);
      if (end > 0) {
        const r = this.#buf.slice(0, end);
        this.#buf = this.#buf.slice(end);
        return r;
      }
      if (this.#closed) return null;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Resolves once the server has closed the connection; returns any unread bytes. */
  async closedWith(): Promise<string> {
    while (!this.#closed) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return Buffer.from(this.#buf).toString("latin1");
  }

  /** Sends one command and returns its reply as latin1 text. */
  async call(...argv: (string | Uint8Array)[]): Promise<string> {
    this.write(encodeCommand(argv));
    const r = await this.reply();
    if (r === null) throw new Error(`connection closed during ${argv[0]}`);
    return Buffer.from(r).toString("latin1");
  }

  close(): void {
    this.socket.end();
  }
}

/** A port that was free a moment ago (for servers that cannot bind port 0 themselves). */
export function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}
