/**
 * One HTTP exchange with the platform `fetch`: no automatic redirects (the
 * crawler follows them itself, so every hop is de-duplicated and checked
 * against robots.txt), a per-request timeout through a child Context, and a
 * body read in chunks that stops at `maxBody` instead of buffering without bound.
 */
import { type Clock, type Context, withTimeout } from "../runtime/index.ts";

/** Options of {@link fetchOnce}. */
export interface FetchOnceOptions {
  userAgent: string;
  timeoutMs: number;
  /** Largest body read, in bytes. */
  maxBody: number;
  /** Whether to read the body (HTML); otherwise it is discarded unread. */
  wantBody: (contentType: string) => boolean;
  clock?: Clock;
}

/** The outcome of one exchange: a response, or a transport failure. */
export type Exchange =
  | {
      ok: true;
      status: number;
      headers: Headers;
      contentType: string;
      /** The body when read; undefined when not wanted or too large. */
      body?: Uint8Array;
      tooLarge?: boolean;
    }
  | { ok: false; kind: "timeout" | "network error" | "canceled"; error: string };

/** Performs one GET of `url` under `ctx`; never throws for transport errors. */
export async function fetchOnce(ctx: Context, url: string, opts: FetchOnceOptions): Promise<Exchange> {
  const [rctx, cancel] = withTimeout(ctx, opts.timeoutMs, { clock: opts.clock });
  try {
    const res = await fetch(url, {
      signal: rctx.signal,
      redirect: "manual",
      headers: { "user-agent": opts.userAgent, accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" },
    });
    const contentType = res.headers.get("content-type") ?? "";
    const base = { ok: true as const, status: res.status, headers: res.headers, contentType };
    if (!opts.wantBody(contentType) || res.body === null) {
      await res.body?.cancel().catch(() => {});
      return base;
    }
    const declared = Number(res.headers.get("content-length") ?? NaN);
    if (declared > opts.maxBody) {
      await res.body.cancel().catch(() => {});
      return { ...base, tooLarge: true };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > opts.maxBody) {
        await reader.cancel().catch(() => {});
        return { ...base, tooLarge: true };
      }
      chunks.push(value);
    }
    return { ...base, body: chunks.length === 1 ? chunks[0]! : concat(chunks, size) };
  } catch (e) {
    if (ctx.err() !== undefined) return { ok: false, kind: "canceled", error: "canceled" };
    if (rctx.err() !== undefined) return { ok: false, kind: "timeout", error: `timeout after ${formatMs(opts.timeoutMs)}` };
    return { ok: false, kind: "network error", error: networkMessage(e) };
  } finally {
    cancel();
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function networkMessage(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === "ConnectionRefused" || code === "ECONNREFUSED") return "connection refused";
  if (code === "ConnectionClosed" || code === "ECONNRESET") return "connection reset";
  const msg = e instanceof Error ? e.message : String(e);
  return msg.toLowerCase().replace(/\.$/, "");
}

/** A duration as Go prints one: `0s`, `500ms`, `2s`, `1.5s`. */
export function formatMs(ms: number): string {
  if (ms === 0) return "0s";
  return ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(2)}s`;
}
