/**
 * The hot commands run straight off the read buffer: GET, SET k v, INCR,
 * DECR, LPUSH, RPUSH, LPOP, RPOP (no count), HSET, SADD, LRANGE and PING in
 * their plain forms. A command is found by its name bytes (no string built),
 * keys become latin1 strings directly from byte ranges and short values are
 * packed without an intermediate array, so a pipelined read of SETs allocates
 * only the key strings it stores.
 *
 * Only when nothing else could observe the command: the client is
 * authenticated, not in MULTI, not subscribed, replies normally; no WATCH,
 * no blocked client, no maxmemory, no AOF. A handler returns false when the
 * command needs the full path (options, wrong type, non-integer …): it has
 * then changed nothing the full path will not redo, and `execute` runs it
 * from copied argv with every check and Redis's exact error reply.
 */
import { parseInt64, type ReplyWriter, type RequestDecoder } from "../wire/resp/index.ts";
import { latin1Range } from "./command.ts";
import { range } from "./commands-list.ts";
import { ByteList } from "./byte-list.ts";
import type { Keyspace } from "./keyspace.ts";
import { packInt, packRange, PACKED_BYTES_MAX, storedInt, unpackInto } from "./packed-string.ts";
import type { Client, ServerState } from "./state.ts";
import type { RHash, RList, RSet } from "./value-types.ts";

/** What a fast handler works on: the decoder's last frame and the client's database. */
interface Call {
  dec: RequestDecoder;
  db: Keyspace;
  out: ReplyWriter;
}

/** Runs the command, or returns false (having changed nothing observable) to take the full path; `true` plus `dirty` when it changed the dataset. */
type FastHandler = (c: Call) => boolean;

interface FastSpec {
  name: string;
  /** Exact argc, or -n for at least n. */
  arity: number;
  handler: FastHandler;
}

/** Set by a handler that changed the dataset (Redis's server.dirty). */
let dirty = false;
const scratch = new Uint8Array(PACKED_BYTES_MAX);

const key = (c: Call, i = 1): string => latin1Range(c.dec.buffer, c.dec.argStart(i), c.dec.argEnd(i));
const arg = (c: Call, i: number): Uint8Array => c.dec.buffer.slice(c.dec.argStart(i), c.dec.argEnd(i));
/** The slot of argv[1] in the client's database (after passive expiry), or -1: no key string is built. */
const lookup = (c: Call): number => c.db.lookupBytes(c.dec.buffer, c.dec.argStart(1), c.dec.argEnd(1));

/** A bulk reply of a stored string: a short packed one is encoded in place ("$n\r\n" bytes "\r\n", one reservation). */
function bulkStored(out: ReplyWriter, v: number | Uint8Array): void {
  if (typeof v !== "number") return out.bulk(v);
  if (v < 0) return out.bulkRange(scratch, 0, unpackInto(v, scratch, 0));
  const n = v & 7;
  const at = out.append(n + 6);
  const b = out.buffer;
  b[at] = 36;
  b[at + 1] = 48 + n;
  b[at + 2] = 13;
  b[at + 3] = 10;
  unpackInto(v, b, at + 4);
  b[at + 4 + n] = 13;
  b[at + 5 + n] = 10;
}

function get(c: Call): boolean {
  const s = lookup(c);
  if (s < 0) return c.out.nullBulk(), true;
  const v = c.db.storedAt(s);
  if (typeof v !== "number" && !(v instanceof Uint8Array)) return false;
  bulkStored(c.out, v);
  return true;
}

function set(c: Call): boolean {
  const v = packRange(c.dec.buffer, c.dec.argStart(2), c.dec.argEnd(2));
  const s = lookup(c);
  if (s < 0) c.db.setStored(key(c), v);
  else c.db.setStringAt(s, v, false);
  c.out.ok();
  dirty = true;
  return true;
}

/** INCR/DECR when the value is a safe integer and stays one; anything else (bigint, overflow, not an integer) takes the full path. */
function incrBy(by: number): FastHandler {
  return (c) => {
    const s = lookup(c);
    let old: number | bigint | null = 0;
    if (s >= 0) {
      const v = c.db.storedAt(s);
      if (typeof v === "number") old = storedInt(v) ?? parseInt64(scratch, 0, unpackInto(v, scratch, 0));
      else if (v instanceof Uint8Array) old = parseInt64(v, 0, v.length);
      else return false;
    }
    if (typeof old !== "number") return false;
    const next = old + by;
    if (!Number.isSafeInteger(next)) return false;
    if (s < 0) c.db.setStored(key(c), packedInt(next));
    else c.db.setStringAt(s, packedInt(next));
    c.out.integer(next);
    dirty = true;
    return true;
  };
}

/** The decimal string of `n` in stored form: the integer form, or bytes beyond 2^51. */
function packedInt(n: number): number | Uint8Array {
  return packInt(n) ?? new TextEncoder().encode(String(n));
}

/** The slot `container` found (a module variable: no result object per command). */
let foundSlot = -1;

/** The container at argv[1] if `is` accepts it (its slot in `foundSlot`); undefined when missing; null for another type. */
function container<T>(c: Call, is: (v: unknown) => v is T): T | undefined | null {
  foundSlot = lookup(c);
  if (foundSlot < 0) return undefined;
  const v = c.db.storedAt(foundSlot);
  return is(v) ? v : null;
}

const isList = (v: unknown): v is RList => v instanceof ByteList;
const isMap = (v: unknown): v is RHash => v instanceof Map;
const isSet = (v: unknown): v is RSet => v instanceof Set;

function push(left: boolean): FastHandler {
  return (c) => {
    const found = container(c, isList);
    if (found === null) return false;
    const list = found ?? new ByteList();
    const { dec } = c;
    for (let i = 2; i < dec.argc; i++) list.pushStored(packRange(dec.buffer, dec.argStart(i), dec.argEnd(i)), !left);
    if (found) c.db.resizeAt(foundSlot);
    else c.db.set(key(c), list);
    c.out.integer(list.length);
    dirty = true;
    return true;
  };
}

function pop(left: boolean): FastHandler {
  return (c) => {
    const found = container(c, isList);
    if (found === null) return false;
    if (found === undefined) return c.out.nullBulk(), true;
    const list = found;
    const item = (left ? list.popFront() : list.popBack())!;
    if (list.length === 0) c.db.delete(c.db.keyAt(foundSlot));
    else c.db.resizeAt(foundSlot);
    c.out.bulk(item);
    dirty = true;
    return true;
  };
}

function hset(c: Call): boolean {
  if (c.dec.argc % 2 === 1) return false;
  const found = container(c, isMap);
  if (found === null) return false;
  const h = found ?? (new Map() as RHash);
  let added = 0;
  for (let i = 2; i < c.dec.argc; i += 2) {
    const f = key(c, i);
    if (!h.has(f)) added++;
    h.set(f, arg(c, i + 1));
  }
  if (found) c.db.resizeAt(foundSlot);
  else c.db.set(key(c), h);
  c.out.integer(added);
  dirty = true;
  return true;
}

function sadd(c: Call): boolean {
  const found = container(c, isSet);
  if (found === null) return false;
  const s = found ?? (new Set() as RSet);
  let n = 0;
  for (let i = 2; i < c.dec.argc; i++) {
    const m = key(c, i);
    if (!s.has(m)) s.add(m), n++;
  }
  if (found && n > 0) c.db.resizeAt(foundSlot);
  else if (!found) c.db.set(key(c), s);
  if (n > 0) dirty = true;
  c.out.integer(n);
  return true;
}

function lrange(c: Call): boolean {
  const { dec } = c;
  const start = parseInt64(dec.buffer, dec.argStart(2), dec.argEnd(2));
  const end = parseInt64(dec.buffer, dec.argStart(3), dec.argEnd(3));
  if (typeof start !== "number" || typeof end !== "number") return false;
  const found = container(c, isList);
  if (found === null) return false;
  const list = found;
  const rg = list && range(start, end, list.length);
  if (!rg) return c.out.array(0), true;
  c.out.array(rg[1] - rg[0] + 1);
  for (let i = rg[0]; i <= rg[1]; i++) bulkStored(c.out, list!.storedAt(i)!);
  return true;
}

const PONG = new TextEncoder().encode("+PONG\r\n");

const SPECS: FastSpec[] = [
  { name: "get", arity: 2, handler: get },
  { name: "set", arity: 3, handler: set },
  { name: "incr", arity: 2, handler: incrBy(1) },
  { name: "decr", arity: 2, handler: incrBy(-1) },
  { name: "lpush", arity: -3, handler: push(true) },
  { name: "rpush", arity: -3, handler: push(false) },
  { name: "lpop", arity: 2, handler: pop(true) },
  { name: "rpop", arity: 2, handler: pop(false) },
  { name: "hset", arity: -4, handler: hset },
  { name: "sadd", arity: -3, handler: sadd },
  { name: "lrange", arity: 4, handler: lrange },
  { name: "ping", arity: 1, handler: (c) => (c.out.raw(PONG), true) },
];

/** Lower-cased name bytes (≤ 6) packed into a number: the lookup key, computed without a string. */
function nameCode(buf: Uint8Array, start: number, end: number): number {
  if (end - start > 6) return -1;
  let p = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    p = p * 256 + (b >= 65 && b <= 90 ? b + 32 : b);
  }
  return p * 8 + (end - start);
}

const TABLE = new Map<number, FastSpec>(SPECS.map((s) => [nameCode(new TextEncoder().encode(s.name), 0, s.name.length), s]));

/** The one Call, reused: the fast path allocates nothing per command. */
const call = {} as Call;

/** Whether nothing but the reply can observe commands from `client` right now. */
export function fastEligible(server: ServerState, client: Client): boolean {
  return (
    client.authenticated &&
    client.multi === undefined &&
    client.blocked === undefined &&
    client.channels.size + client.patterns.size === 0 &&
    server.watchers.size === 0 &&
    server.waiters.size === 0 &&
    server.config.maxmemory === 0 &&
    server.depth === 0 &&
    !(server.persistence?.logging ?? false)
  );
}

/** Runs the decoder's last frame on the fast path; false when it must take the full path. */
export function runFast(server: ServerState, client: Client, dec: RequestDecoder, out: ReplyWriter): boolean {
  const spec = TABLE.get(nameCode(dec.buffer, dec.argStart(0), dec.argEnd(0)));
  if (spec === undefined) return false;
  const argc = dec.argc;
  if (spec.arity > 0 ? argc !== spec.arity : argc < -spec.arity) return false;
  dirty = false;
  call.dec = dec;
  call.db = server.dbs[client.db]!;
  call.out = out;
  if (!spec.handler(call)) return false;
  server.totalCommands++;
  client.lastCommand = spec.name;
  if (dirty) server.dirty++;
  return true;
}
