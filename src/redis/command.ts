/**
 * The command table's types and the helpers every command family shares:
 * argument conversion (latin1 keys, Redis's strict integers and floats) and
 * Redis's shared error texts.
 */
import type { ReplyWriter } from "../wire/resp/index.ts";
import { ByteList } from "./byte-list.ts";
import type { Keyspace, RHash, RList, RSet, RValue } from "./keyspace.ts";
import type { Client, ServerState } from "./state.ts";
import { ZSet } from "./zset.ts";

/** What a handler sees: the server, the calling client, its database, the reply writer and argv. */
export interface CommandContext {
  server: ServerState;
  client: Client;
  db: Keyspace;
  out: ReplyWriter;
  argv: Uint8Array[];
}

/** A command handler writes exactly one reply to `ctx.out`. */
export type Handler = (ctx: CommandContext) => void;

/** One entry of the command table, shaped like Redis's redisCommand. */
export interface CommandSpec {
  /** Lower-case name; subcommands are `container|sub`. */
  name: string;
  /** Redis arity: N exactly, or -N at least N (argv includes the name). */
  arity: number;
  flags: string[];
  /** Key positions for COMMAND: first, last (-1 = last arg), step. */
  keys: [number, number, number];
  group: string;
  summary: string;
  since: string;
  handler: Handler;
  subcommands?: Map<string, CommandSpec>;
}

/** Declares a command; defaults suit a keyless command. */
export function cmd(
  name: string,
  arity: number,
  handler: Handler,
  opts: Partial<Omit<CommandSpec, "name" | "arity" | "handler">> = {},
): CommandSpec {
  return {
    name,
    arity,
    handler,
    flags: opts.flags ?? [],
    keys: opts.keys ?? [0, 0, 0],
    group: opts.group ?? "generic",
    summary: opts.summary ?? "",
    since: opts.since ?? "1.0.0",
    ...(opts.subcommands ? { subcommands: opts.subcommands } : {}),
  };
}

/** Redis's shared error replies (without the leading '-'). */
export const E = {
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  notInt: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  syntax: "ERR syntax error",
  noSuchKey: "ERR no such key",
  outOfRange: "ERR index out of range",
  overflow: "ERR increment or decrement would overflow",
  noAuth: "NOAUTH Authentication required.",
  mustBePositive: "ERR value is out of range, must be positive",
} as const;

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

/**
 * Bytes → latin1 string: one char per byte, so keys stay binary-safe in a
 * Map. One flat string (a `+=` loop would build a rope of one-char strings,
 * ~600 bytes of heap per 16-byte key once stored).
 */
export function latin1(b: Uint8Array): string {
  return latin1Slice.call(b, 0, b.length);
}

/** latin1 of a byte range of `buf`, without a view object. */
export function latin1Range(buf: Uint8Array, start: number, end: number): string {
  return latin1Slice.call(buf, start, end);
}

/** latin1 string → bytes. */
export function bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** ASCII upper-case of an argument, for matching options (EX, NX, …). */
export function upper(b: Uint8Array): string {
  return latin1(b).toUpperCase();
}

const INT_RE = /^(0|-?[1-9][0-9]*)$/;
const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

/** Redis's string2ll as a bigint: null unless a canonical int64. */
export function parseBig(b: Uint8Array | string): bigint | null {
  const s = typeof b === "string" ? b : latin1(b);
  if (s.length > 20 || !INT_RE.test(s)) return null;
  const n = BigInt(s);
  return n > I64_MAX || n < I64_MIN ? null : n;
}

/** Redis's string2ll as a number (int64 values beyond 2^53 lose precision; use parseBig for arithmetic). */
export function parseIntArg(b: Uint8Array | string): number | null {
  const s = typeof b === "string" ? b : latin1(b);
  if (s.length > 20 || !INT_RE.test(s)) return null;
  if (s.length < 16) return Number(s);
  const n = parseBig(s);
  return n === null ? null : Number(n);
}

/** True when `n` fits int64 (for overflow checks done in bigint). */
export function fitsI64(n: bigint): boolean {
  return n <= I64_MAX && n >= I64_MIN;
}

const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;

/** Redis's string2ld: a decimal or inf; null for anything else (spaces, nan, hex). */
export function parseFloatArg(b: Uint8Array): number | null {
  const s = latin1(b);
  if (INF_RE.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (!FLOAT_RE.test(s)) return null;
  return Number(s);
}

/** Formats a float the way INCRBYFLOAT does (%.17Lg, human mode): no exponent, no trailing zeros. */
export function formatFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  const s = String(n);
  if (!s.includes("e")) return s;
  return n.toFixed(17).replace(/\.?0+$/, "");
}

/** The string at `key`: undefined when missing, null after replying WRONGTYPE. */
export function getString(db: Keyspace, key: string, ctx: CommandContext): Uint8Array | undefined | null {
  const v = db.get(key);
  if (v === undefined || v instanceof Uint8Array) return v;
  ctx.out.error(E.wrongType);
  return null;
}

/** checkStringLength: false (after replying) when offset + append exceeds proto-max-bulk-len. */
export function checkLength(ctx: CommandContext, size: number, append: number): boolean {
  if (size + append <= ctx.server.config.protoMaxBulkLen) return true;
  ctx.out.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  return false;
}


/** The value at `key` if it has the type `is` checks: undefined when missing, null after replying WRONGTYPE. */
export function getTyped<T extends RValue>(ctx: CommandContext, key: string, is: (v: RValue) => v is T): T | undefined | null {
  const v = ctx.db.get(key);
  if (v === undefined || is(v)) return v as T | undefined;
  ctx.out.error(E.wrongType);
  return null;
}

/** Type guards for getTyped. */
export const isList = (v: RValue): v is RList => v instanceof ByteList;
export const isHash = (v: RValue): v is RHash => v instanceof Map;
export const isSet = (v: RValue): v is RSet => v instanceof Set;
export const isZSet = (v: RValue): v is ZSet => v instanceof ZSet;
