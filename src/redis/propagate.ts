/**
 * What a write command logs for replay (Redis's propagation rewrites, 7.0):
 * relative and second-based expiries become absolute milliseconds — SET … EX
 * → SET … PXAT, SETEX/PSETEX → SET … PXAT, EXPIRE/PEXPIRE/EXPIREAT →
 * PEXPIREAT, GETEX EX → PEXPIREAT, GETEX PERSIST → PERSIST — so a replay
 * later does not extend TTLs. The absolute time is read back from the
 * keyspace after the command ran, so the log holds exactly the state made.
 */
import { bytes, latin1, upper } from "./command.ts";
import type { Keyspace } from "./keyspace.ts";

const EXPIRE_FAMILY = new Set(["expire", "pexpire", "expireat", "pexpireat"]);
const UNITS = new Set(["EX", "PX", "EXAT", "PXAT"]);
const enc = (s: string) => bytes(s);

/** The argv to log for a successful write `name` (lower-case), run at `now` against `db`; null logs nothing. */
export function propagated(name: string, argv: Uint8Array[], db: Keyspace, now: number): Uint8Array[] | null {
  if (EXPIRE_FAMILY.has(name)) {
    const key = latin1(argv[1]!);
    if (!db.contains(key)) return [enc("DEL"), argv[1]!];
    const at = db.expireAt(key);
    return at === undefined ? null : [enc("PEXPIREAT"), argv[1]!, enc(String(at))];
  }
  if (name === "setex" || name === "psetex") {
    const key = latin1(argv[1]!);
    const at = db.expireAt(key) ?? now + Number(latin1(argv[2]!)) * (name === "setex" ? 1000 : 1);
    return [enc("SET"), argv[1]!, argv[3]!, enc("PXAT"), enc(String(at))];
  }
  if (name === "set") return set(argv, db, now);
  if (name === "getex") {
    const key = latin1(argv[1]!);
    const opts = argv.slice(2).map(upper);
    // An expiry in the past deleted the key: log the deletion.
    if (!db.contains(key)) return opts.some((o) => UNITS.has(o)) ? [enc("DEL"), argv[1]!] : null;
    if (opts.includes("PERSIST")) return [enc("PERSIST"), argv[1]!];
    const at = db.expireAt(key);
    if (opts.some((o) => UNITS.has(o)) && at !== undefined) return [enc("PEXPIREAT"), argv[1]!, enc(String(at))];
    return null;
  }
  return argv;
}

/** SET: drop GET, turn EX/PX/EXAT into PXAT (keeping NX/XX so a failed conditional set stays failed). */
function set(argv: Uint8Array[], db: Keyspace, now: number): Uint8Array[] {
  const out: Uint8Array[] = [argv[0]!, argv[1]!, argv[2]!];
  let expiry: [string, Uint8Array] | undefined;
  for (let i = 3; i < argv.length; i++) {
    const o = upper(argv[i]!);
    if (o === "GET") continue;
    if (UNITS.has(o) && i + 1 < argv.length) {
      expiry = [o, argv[++i]!];
      continue;
    }
    out.push(argv[i]!);
  }
  if (expiry) {
    const [unit, arg] = expiry;
    const n = Number(latin1(arg));
    const fallback = unit === "EX" ? now + n * 1000 : unit === "PX" ? now + n : unit === "EXAT" ? n * 1000 : n;
    const key = latin1(argv[1]!);
    const at = db.contains(key) ? (db.expireAt(key) ?? fallback) : fallback;
    out.push(enc("PXAT"), enc(String(at)));
  }
  return out;
}
