/** The one interface every rate-limiting algorithm implements. */
import type { Clock, Context } from "../runtime/index.ts";

/** A key's quota right now; every duration is in milliseconds. */
export interface Status {
  /** Requests allowed in a full burst (the bucket's capacity or the window's limit). */
  limit: number;
  /** Whole requests that would be allowed right now. */
  remaining: number;
  /** Time until the key's state is back to full (idle). */
  resetIn: number;
  /** Time until one more request would be allowed; 0 when `remaining` ≥ 1. */
  retryAfter: number;
}

/** The outcome of {@link RateLimiter.take}: the decision and the status after it. */
export interface Decision extends Status {
  allowed: boolean;
}

/** Per-algorithm state for display: "tokens: 4", "queue: 2", "remaining: 3". */
export interface Gauge {
  label: "tokens" | "queue" | "remaining";
  value: number;
}

/** Limits requests per key (client address, API key…). */
export interface RateLimiter {
  /** The algorithm's name, e.g. "token-bucket". */
  readonly algorithm: string;
  /** Requests allowed in a full burst. */
  readonly limit: number;
  /** Keys with state in memory (never more than `maxKeys`). */
  readonly size: number;
  /** Takes one request for `key` if allowed now; false otherwise (and while earlier waiters queue). */
  allow(key: string): boolean;
  /** Takes `n` requests at once, all or nothing; throws when `n` exceeds the limit. */
  allowN(key: string, n: number): boolean;
  /** Like {@link allowN}, returning the decision with the status after it. */
  take(key: string, n?: number): Decision;
  /** Resolves when one request is granted; waiters on a key are served in arrival order. */
  wait(key: string, ctx?: Context | AbortSignal): Promise<void>;
  /** Resolves when `n` requests are granted at once; rejects on cancellation or when `n` exceeds the limit. */
  waitN(key: string, n: number, ctx?: Context | AbortSignal): Promise<void>;
  /** The key's quota, without taking anything. */
  status(key: string): Status;
  /** The key's state for display. */
  gauge(key: string): Gauge;
  /** Drops every key whose state is back to full; returns how many were dropped. */
  sweep(): number;
}

/** Options shared by every limiter. */
export interface LimiterOptions {
  /** Sustained rate, in requests per second. */
  rate: number;
  /** Largest burst: the bucket's capacity, or the window's limit. */
  burst: number;
  /** Source of time; defaults to realClock. */
  clock?: Clock;
  /** Most keys kept in memory; beyond it the least recently used key is evicted (default 100,000). */
  maxKeys?: number;
}

/** Options of the window-based limiters. */
export interface WindowOptions extends LimiterOptions {
  /** Window length in ms; defaults to burst / rate seconds, so the long-run rate is `rate`. */
  windowMs?: number;
}
