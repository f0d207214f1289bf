/**
 * Generic key commands: DEL UNLINK EXISTS TYPE KEYS SCAN RENAME RENAMENX
 * RANDOMKEY EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL PERSIST EXPIRETIME
 * PEXPIRETIME. TTLs are absolute ms since the epoch (Redis's `when`).
 */
import { E, cmd, latin1, parseBig, parseIntArg, upper, type CommandContext, type CommandSpec } from "./command.ts";
import { globMatch } from "./glob.ts";
import { typeName } from "./keyspace.ts";

const g = { group: "keyspace" };
const w1 = { ...g, keys: [1, 1, 1] as [number, number, number], flags: ["write", "fast"] };
const r1 = { ...g, keys: [1, 1, 1] as [number, number, number], flags: ["readonly", "fast"] };
const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

function del({ argv, db, out }: CommandContext): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (db.delete(latin1(argv[i]!))) n++;
  out.integer(n);
}

/** EXPIRE family (expireGenericCommand): `base` is now for relative forms, 0 for absolute; `unit` 1000 for seconds. */
function expire(base: "now" | "abs", unit: 1 | 1000) {
  return (ctx: CommandContext): void => {
    const { argv, db, out, server } = ctx;
    const key = latin1(argv[1]!);
    let nx = false, xx = false, gt = false, lt = false;
    for (let i = 3; i < argv.length; i++) {
      const o = upper(argv[i]!);
      if (o === "NX") nx = true;
      else if (o === "XX") xx = true;
      else if (o === "GT") gt = true;
      else if (o === "LT") lt = true;
      else return out.error(`ERR Unsupported option ${latin1(argv[i]!)}`);
    }
    if (nx && (xx || gt || lt)) return out.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    if (gt && lt) return out.error("ERR GT and LT options at the same time are not compatible");
    let when = parseBig(argv[2]!);
    if (when === null) return out.error(E.notInt);
    const name = latin1(argv[0]!).toLowerCase();
    const bad = `ERR invalid expire time in '${name}' command`;
    if (unit === 1000) {
      if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) return out.error(bad);
      when *= 1000n;
    }
    const basetime = BigInt(base === "now" ? server.clock.now() : 0);
    if (when > LLONG_MAX - basetime) return out.error(bad);
    when += basetime;
    if (!db.has(key)) return out.integer(0);
    const current = db.expireAt(key);
    if (nx && current !== undefined) return out.integer(0);
    if (xx && current === undefined) return out.integer(0);
    if (gt && (current === undefined || when <= BigInt(current))) return out.integer(0);
    if (lt && current !== undefined && when >= BigInt(current)) return out.integer(0);
    db.setExpire(key, Number(when));
    out.integer(1);
  };
}

function ttl(ms: boolean, absolute: boolean) {
  return ({ argv, db, out, server }: CommandContext): void => {
    const key = latin1(argv[1]!);
    if (!db.has(key)) return out.integer(-2);
    const at = db.expireAt(key);
    if (at === undefined) return out.integer(-1);
    if (absolute) return out.integer(ms ? at : Math.floor(at / 1000));
    const left = Math.max(0, at - server.clock.now());
    out.integer(ms ? left : Math.floor((left + 500) / 1000));
  };
}

function rename(nx: boolean) {
  return ({ argv, db, out, server }: CommandContext): void => {
    const src = latin1(argv[1]!);
    const dst = latin1(argv[2]!);
    const v = db.get(src);
    if (v === undefined) return out.error(E.noSuchKey);
    if (src === dst) return (server.noop = true), nx ? out.integer(0) : out.simple("OK");
    if (nx && db.has(dst)) return out.integer(0);
    const at = db.expireAt(src);
    db.delete(dst);
    db.set(dst, v);
    if (at !== undefined) db.setExpire(dst, at, { keepIfPast: true });
    db.delete(src);
    nx ? out.integer(1) : out.simple("OK");
  };
}

function scan({ argv, db, out }: CommandContext): void {
  // strtoul's syntax, as Redis parses it: an optional sign ("-1" wraps to the largest cursor), digits, no spaces.
  const cs = latin1(argv[1]!);
  if (!/^[+-]?[0-9]+$/.test(cs) || BigInt(cs.replace(/^[+-]/, "")) > 18446744073709551615n) return out.error("ERR invalid cursor");
  const parsed = BigInt(cs);
  const cursor = parsed < 0n ? Number.MAX_SAFE_INTEGER : Number(parsed);
  let count = 10;
  let pattern: string | undefined;
  let type: string | undefined;
  for (let i = 2; i < argv.length; i += 2) {
    const o = upper(argv[i]!);
    if (i + 1 >= argv.length) return out.error(E.syntax);
    if (o === "COUNT") {
      const n = parseIntArg(argv[i + 1]!);
      if (n === null) return out.error(E.notInt);
      if (n < 1) return out.error(E.syntax);
      count = n;
    } else if (o === "MATCH") {
      pattern = latin1(argv[i + 1]!);
      if (pattern === "*") pattern = undefined;
    } else if (o === "TYPE") {
      type = latin1(argv[i + 1]!).toLowerCase();
    } else {
      return out.error(E.syntax);
    }
  }
  // The cursor is the serial of the last key visited: keys present for the whole scan are returned (Redis's guarantee).
  const { keys, next } = db.scan(cursor, count);
  const found: string[] = [];
  for (const key of keys) {
    const v = db.get(key);
    if (v !== undefined && (pattern === undefined || globMatch(pattern, key)) && (type === undefined || typeName(v) === type)) found.push(key);
  }
  out.array(2);
  out.bulk(String(next));
  out.array(found.length);
  for (const k of found) out.bulk(k);
}

/** The keyspace command family. */
export const keyCommands: CommandSpec[] = [
  cmd("del", -2, del, { ...w1, keys: [1, -1, 1], flags: ["write"] }),
  cmd("unlink", -2, del, { ...w1, keys: [1, -1, 1], since: "4.0.0" }),
  cmd(
    "exists",
    -2,
    ({ argv, db, out }) => {
      let n = 0;
      for (let i = 1; i < argv.length; i++) if (db.has(latin1(argv[i]!))) n++;
      out.integer(n);
    },
    { ...r1, keys: [1, -1, 1] },
  ),
  cmd("type", 2, ({ argv, db, out }) => {
    const v = db.get(latin1(argv[1]!));
    out.simple(v === undefined ? "none" : typeName(v));
  }, r1),
  cmd("keys", 2, ({ argv, db, out }) => {
    const pattern = latin1(argv[1]!);
    const all = pattern === "*";
    const keys = db.keys().filter((k) => all || globMatch(pattern, k));
    out.array(keys.length);
    for (const k of keys) out.bulk(k);
  }, { ...g, flags: ["readonly"] }),
  cmd("scan", -2, scan, { ...g, flags: ["readonly"], since: "2.8.0" }),
  cmd("rename", 3, rename(false), { ...w1, keys: [1, 2, 1], flags: ["write"] }),
  cmd("renamenx", 3, rename(true), { ...w1, keys: [1, 2, 1] }),
  cmd("randomkey", 1, ({ db, out, server }) => {
    const k = db.randomKey(server.random);
    k === undefined ? out.nullBulk() : out.bulk(k);
  }, { ...g, flags: ["readonly"] }),
  cmd("expire", -3, expire("now", 1000), w1),
  cmd("pexpire", -3, expire("now", 1), { ...w1, since: "2.6.0" }),
  cmd("expireat", -3, expire("abs", 1000), { ...w1, since: "1.2.0" }),
  cmd("pexpireat", -3, expire("abs", 1), { ...w1, since: "2.6.0" }),
  cmd("ttl", 2, ttl(false, false), r1),
  cmd("pttl", 2, ttl(true, false), { ...r1, since: "2.6.0" }),
  cmd("expiretime", 2, ttl(false, true), { ...r1, since: "7.0.0" }),
  cmd("pexpiretime", 2, ttl(true, true), { ...r1, since: "7.0.0" }),
  cmd("persist", 2, ({ argv, db, out }) => {
    const key = latin1(argv[1]!);
    out.integer(db.has(key) && db.persist(key) ? 1 : 0);
  }, { ...w1, since: "2.2.0" }),
];
