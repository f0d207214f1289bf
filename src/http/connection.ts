/**
 * One client connection: buffers input, parses request heads, runs exchanges
 * strictly in order (pipelined requests are answered in order, RFC 9112 §9.3.2),
 * writes with back-pressure and enforces the connection's deadline. Timeouts
 * are checked by the server's sweep, so an idle connection owns no timer.
 */
import type { Socket } from "bun";
import { HttpProtocolError, RequestHeadParser, type RequestHead, type ResponseHeadWriter } from "../wire/http1/index.ts";
import type { DateCache } from "./date.ts";
import type { ResolvedOptions } from "./options.ts";
import { runExchange } from "./exchange.ts";
import type { FastPath, FixedResponse } from "./fixed.ts";

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly opts: ResolvedOptions;
  readonly heads: ResponseHeadWriter;
  readonly dates: DateCache;
  /** The handler's synchronous fast path, if it has one. */
  readonly fast: FastPath | undefined;
  /** True once shutdown began: finish the current exchange, then close. */
  readonly draining: boolean;
  closed(conn: Connection): void;
}

/** What the connection is waiting for, which decides what its deadline means. */
export const enum Wait {
  None,
  /** Between requests (keep-alive). */
  Idle,
  /** For the rest of a request head (slow-loris protection). */
  Head,
  /** For body bytes. */
  Body,
  /** For the peer to read what we wrote. */
  Write,
  /** For the peer to close after our close. */
  Linger,
}

const EMPTY = new Uint8Array(0);
/** Input buffered beyond what the current exchange needs, at most: a pipelining flood is cut off. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const LINGER_MS = 2000;
/** Pipelined fixed responses gathered into one write, at most; beyond it the socket's back-pressure decides. */
const BATCH_BYTES = 64 * 1024;

/** A server-side HTTP/1.1 connection. */
export class Connection {
  readonly socket: Socket<Connection>;
  readonly host: ConnectionHost;
  /** Input bytes: `buf[start, end)` are unread. */
  buf: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  /** An exchange is running. */
  busy = false;
  /** The connection must close after the current exchange (framing lost, or the client asked). */
  mustClose = false;
  isClosed = false;
  #closing = false;
  #parser: RequestHeadParser | null = null;
  /** True when `buf` is ours (not a received chunk), so bytes may be appended in place. */
  #owned = false;
  deadline = 0;
  wait = Wait.None;
  #dataWaiter: { resolve: () => void; reject: (e: Error) => void } | null = null;
  #out: Uint8Array[] = [];
  /** Fixed responses to pipelined requests, written together when the pump stops or they reach BATCH_BYTES. */
  #batch: Uint8Array[] = [];
  #batchBytes = 0;
  #drainWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  /** Aborts the current request's signal. */
  abort: AbortController | null = null;

  constructor(socket: Socket<Connection>, host: ConnectionHost) {
    this.socket = socket;
    this.host = host;
    // Until its first byte, a new connection is idle, with the header timeout as its limit.
    this.setDeadline(Wait.Idle, host.opts.headerTimeoutMs);
  }

  /** Unread input bytes. */
  get available(): number {
    return this.end - this.start;
  }

  /** True while written bytes wait for the socket to drain. */
  get pending(): boolean {
    return this.#out.length > 0;
  }

  /** True when idle between requests with nothing buffered (safe to close on shutdown). */
  get idle(): boolean {
    return !this.busy && this.start === this.end && this.#out.length === 0 && !(this.#parser?.started ?? false);
  }

  /** True when closing it now loses nothing: idle between requests (or before the first) with nothing buffered, or already closed by us. */
  get reclaimable(): boolean {
    return this.wait === Wait.Linger || (this.wait === Wait.Idle && this.idle);
  }

  setDeadline(wait: Wait, ms: number): void {
    this.wait = wait;
    this.deadline = this.host.opts.clock.now() + ms;
  }

  clearDeadline(): void {
    this.wait = Wait.None;
    this.deadline = 0;
  }

  onData(chunk: Uint8Array): void {
    if (this.isClosed || this.#closing) return; // lingering close: discard
    this.#append(chunk);
    if (this.busy) {
      if (this.end - this.start > MAX_BUFFERED) return this.terminate();
      const w = this.#dataWaiter;
      if (w !== null) {
        this.#dataWaiter = null;
        if (this.wait === Wait.Body) this.clearDeadline();
        w.resolve();
      }
      return;
    }
    // Back-pressure: no new request is started while the last response waits for the socket (see onDrain).
    if (this.#out.length > 0) {
      if (this.end - this.start > MAX_BUFFERED) this.terminate();
      return;
    }
    this.#pump();
  }

  /**
   * Adds received bytes. When nothing is buffered the chunk itself becomes the
   * buffer (Bun hands each read its own Buffer, never reused), so a request
   * that arrives in one read is never copied; leftovers are gathered into a
   * buffer of our own.
   */
  #append(chunk: Uint8Array): void {
    const n = chunk.length;
    if (this.start === this.end) {
      this.buf = chunk;
      this.start = 0;
      this.end = n;
      this.#owned = false;
      return;
    }
    const live = this.end - this.start;
    if (this.#owned && this.end + n <= this.buf.length) {
      // room after the unread bytes
    } else if (this.#owned && live + n <= this.buf.length) {
      this.buf.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = live;
    } else {
      const next = new Uint8Array(Math.max(4096, 2 * (live + n)));
      next.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = next;
      this.start = 0;
      this.end = live;
      this.#owned = true;
    }
    this.buf.set(chunk, this.end);
    this.end += n;
  }

  /** Parses and runs buffered requests until one is in flight or input runs out. */
  #pump(): void {
    const fast = this.host.fast;
    while (!this.busy && !this.#closing && !this.isClosed && this.#out.length === 0) {
      if (this.start === this.end) {
        this.buf = EMPTY; // idle connections hold no buffer
        this.start = this.end = 0;
        break;
      }
      const parser = (this.#parser ??= new RequestHeadParser(this.host.opts));
      const r = parser.parse(this.buf, this.start, this.end);
      if (r.kind === "more") {
        // RFC 9112 §9.5-style protection: the head deadline runs from its first byte and is never extended.
        if (this.wait !== Wait.Head) this.setDeadline(Wait.Head, this.host.opts.headerTimeoutMs);
        break;
      }
      if (r.kind === "error") {
        this.#flushBatch();
        return this.protocolError(r.error);
      }
      this.start += r.size;
      const head = r.head;
      // No body, no 1.0 keep-alive negotiation: a fixed response can be sent right away.
      if (fast !== undefined && head.version === "1.1" && head.framing.kind === "none") {
        const fixed = fast(head);
        if (fixed !== undefined) {
          this.#answerFixed(head, fixed);
          continue;
        }
      }
      this.#flushBatch();
      this.#run(head, r.size);
    }
    this.#flushBatch();
  }

  /** The whole exchange for a request the fast path answered: what runExchange and ServerResponse would do, synchronously. */
  #answerFixed(head: RequestHead, fixed: FixedResponse): void {
    const host = this.host;
    const opts = host.opts;
    if (!head.keepAlive) this.mustClose = true;
    const close = this.mustClose || host.draining;
    const now = opts.clock.now();
    const bytes = fixed.wire(host.dates.get(now), opts.serverName, close, head.method === "HEAD");
    // Pipelined requests behind this one: answer them all with one write.
    if (!close && this.start < this.end) {
      if (this.#batchBytes + bytes.length > BATCH_BYTES) this.#flushBatch();
      this.#batch.push(bytes);
      this.#batchBytes += bytes.length;
    } else {
      this.#flushBatch();
      this.send(bytes);
    }
    if (opts.onAccess !== undefined) {
      opts.onAccess({ time: now, remoteAddress: this.socket.remoteAddress, remotePort: this.socket.remotePort,
        method: head.method, target: head.target, status: 200, bytes: fixed.bytesFor(head.method), durationMs: 0 });
    }
    if (close) return this.closeGracefully();
    if (this.#out.length > 0) {
      this.wait = Wait.Write;
      this.deadline = now + opts.ioTimeoutMs;
    } else {
      this.wait = Wait.Idle;
      this.deadline = now + opts.idleTimeoutMs;
    }
  }

  #flushBatch(): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    if (batch.length === 1) {
      this.send(batch[0]!);
    } else {
      let n = 0;
      for (const b of batch) n += b.length;
      const out = new Uint8Array(n);
      let at = 0;
      for (const b of batch) {
        out.set(b, at);
        at += b.length;
      }
      this.send(out);
    }
    batch.length = 0;
    this.#batchBytes = 0;
  }

  #run(head: RequestHead, headBytes: number): void {
    this.busy = true;
    this.clearDeadline();
    runExchange(this, head, headBytes).then(
      () => this.#afterExchange(),
      (e) => {
        this.host.opts.onError?.(e, "exchange");
        this.terminate();
      },
    );
  }

  #afterExchange(): void {
    this.busy = false;
    this.abort = null;
    if (this.isClosed) return;
    if (this.mustClose || this.host.draining) return this.closeGracefully();
    // A peer still reading the last response is on the write deadline; the idle one starts once it is drained.
    if (this.#out.length > 0) this.setDeadline(Wait.Write, this.host.opts.ioTimeoutMs);
    else this.setDeadline(Wait.Idle, this.host.opts.idleTimeoutMs);
    this.#pump();
  }

  /** Answers a malformed request with its status and closes (the framing can no longer be trusted). */
  protocolError(err: HttpProtocolError, method = "-", target = "-"): void {
    const body = new TextEncoder().encode(`${err.message}\n`);
    const fields = ["Date", this.host.dates.get(), "Server", this.host.opts.serverName, "Content-Type", "text/plain; charset=utf-8",
      "Content-Length", String(body.length), "Connection", "close"];
    this.send(this.host.heads.write(err.status, fields, body), true);
    const now = this.host.opts.clock.now();
    this.host.opts.onAccess?.({ time: now, remoteAddress: this.socket.remoteAddress, remotePort: this.socket.remotePort,
      method, target, status: err.status, bytes: body.length, durationMs: 0 });
    this.mustClose = true;
    this.closeGracefully();
  }

  /** Resolves when more input arrives; rejects when the connection closes or at `until` (clock ms) at the latest. */
  waitData(until = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error("http: connection closed"));
    this.setDeadline(Wait.Body, Math.min(this.host.opts.ioTimeoutMs, until - this.host.opts.clock.now()));
    return new Promise((resolve, reject) => (this.#dataWaiter = { resolve, reject }));
  }

  /**
   * Writes bytes, keeping whatever the socket does not take until it drains:
   * a view of `b`, which callers leave untouched until drained() resolves, or
   * a copy when `scratch` says `b` is a reused buffer.
   */
  send(b: Uint8Array, scratch = false): void {
    if (this.isClosed || b.length === 0) return;
    if (this.#out.length > 0) {
      this.#out.push(scratch ? b.slice() : b);
      return;
    }
    const n = this.socket.write(b);
    if (n >= b.length) return;
    const rest = b.subarray(Math.max(0, n));
    this.#out.push(scratch ? rest.slice() : rest);
    if (!this.busy || this.wait !== Wait.Body) this.setDeadline(Wait.Write, this.host.opts.ioTimeoutMs);
  }

  /** Resolves when everything written so far has gone to the socket; rejects if the connection closes first. */
  drained(): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error("http: connection closed"));
    if (this.#out.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.#drainWaiters.push({ resolve, reject }));
  }

  onDrain(): void {
    const out = this.#out;
    while (out.length > 0) {
      const b = out[0]!;
      const n = this.socket.write(b);
      if (n < b.length) {
        out[0] = b.subarray(Math.max(0, n));
        if (n > 0 && this.wait === Wait.Write) this.setDeadline(Wait.Write, this.host.opts.ioTimeoutMs);
        return;
      }
      out.shift();
    }
    if (this.wait === Wait.Write) {
      if (this.busy || this.#closing) this.clearDeadline();
      else this.setDeadline(Wait.Idle, this.host.opts.idleTimeoutMs);
    }
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w.resolve();
    if (this.#closing) return this.#finishClose();
    if (!this.busy && this.start < this.end) this.#pump();
  }

  /** Closes once pending output is written; the peer gets a FIN, then LINGER_MS to close its side. */
  closeGracefully(): void {
    if (this.#closing || this.isClosed) return;
    this.#closing = true;
    if (this.#out.length === 0) this.#finishClose();
    else this.setDeadline(Wait.Write, this.host.opts.ioTimeoutMs);
  }

  #finishClose(): void {
    this.setDeadline(Wait.Linger, LINGER_MS);
    this.socket.end();
  }

  /** Drops the connection at once. */
  terminate(): void {
    if (this.isClosed) return;
    this.socket.terminate();
  }

  /** Called from the socket's close event. */
  onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clearDeadline();
    const err = new Error("http: connection closed");
    this.abort?.abort(err);
    this.#dataWaiter?.reject(err);
    this.#dataWaiter = null;
    for (const w of this.#drainWaiters) w.reject(err);
    this.#drainWaiters = [];
    this.#out = [];
    this.buf = EMPTY;
    this.host.closed(this);
  }

  /** Acts on an expired deadline (called by the server's sweep). */
  expire(): void {
    const wait = this.wait;
    this.clearDeadline();
    switch (wait) {
      case Wait.Idle:
        return this.closeGracefully();
      case Wait.Head:
        // A client that started a head and stalled gets 408; one that never sent a byte is just closed.
        if (this.#parser?.started && !this.busy) {
          return this.protocolError(new HttpProtocolError("ERR_HTTP_TIMEOUT", "http: request head timeout"), "-", "-");
        }
        return this.closeGracefully();
      case Wait.Body:
        this.mustClose = true;
        this.#dataWaiter?.reject(new HttpProtocolError("ERR_HTTP_TIMEOUT", "http: body read timeout"));
        this.#dataWaiter = null;
        return;
      case Wait.Write:
      case Wait.Linger:
        return this.terminate();
    }
  }
}
