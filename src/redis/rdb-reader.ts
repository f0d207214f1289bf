/**
 * RDB reader (Redis's rdbLoadRio) for the types this server holds: strings
 * (plain, int-encoded, LZF), lists (LIST, QUICKLIST_2 of listpacks or plain
 * nodes), hashes (HASH, HASH_LISTPACK), sets (SET, SET_INTSET, and 7.2's
 * SET_LISTPACK), sorted sets (ZSET, ZSET_2, ZSET_LISTPACK). Versions 1–11 are accepted; the CRC64 trailer is verified
 * unless it is zero (rdbchecksum no). Other types are refused by name.
 * `end` is where the RDB stops, so an AOF's RDB preamble can be followed by commands.
 */
import { Crc64 } from "./crc64.ts";
import { ByteList } from "./byte-list.ts";
import { decodeIntset } from "./intset.ts";
import type { Keyspace, RValue } from "./keyspace.ts";
import { decodeListpack } from "./listpack.ts";
import { lzfDecompress } from "./lzf.ts";
import { ENC, LEN, OP, QL, T } from "./rdb-format.ts";
import { latin1 } from "./command.ts";
import { parseDouble, ZSet } from "./zset.ts";

/** A key read from an RDB file. */
export interface RdbEntry {
  db: number;
  key: string;
  value: RValue;
  expireAt: number | undefined;
}

/** An RDB file that cannot be loaded; `offset` is where reading stopped. */
export class RdbError extends Error {
  readonly code = "ERR_REDIS_RDB";
  override name = "RdbError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const td = new TextDecoder();

/** Parses a whole RDB file; AUX fields are returned as text. */
export function readRdb(data: Uint8Array): { entries: RdbEntry[]; aux: Map<string, string>; version: number; end: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let p = 0;
  const fail = (msg: string): never => {
    throw new RdbError(msg, p);
  };
  const need = (n: number) => {
    if (p + n > data.length) fail("unexpected end of file");
  };
  const u8 = () => (need(1), data[p++]!);
  const magic = td.decode(data.subarray(0, 5));
  if (data.length < 9 || magic !== "REDIS") fail("wrong signature, not an RDB file");
  const version = Number(td.decode(data.subarray(5, 9)));
  if (!Number.isInteger(version) || version < 1 || version > 11) fail(`can't handle RDB format version ${td.decode(data.subarray(5, 9))}`);
  p = 9;

  /** rdbLoadLen: [value, isEncoded]. */
  const len = (): [number, boolean] => {
    const b = u8();
    const kind = b >> 6;
    if (kind === 0) return [b & 0x3f, false];
    if (kind === 1) return [((b & 0x3f) << 8) | u8(), false];
    if (kind === LEN.ENCVAL) return [b & 0x3f, true];
    if (b === LEN.BITS32) return need(4), (p += 4), [view.getUint32(p - 4), false];
    if (b === LEN.BITS64) return need(8), (p += 8), [Number(view.getBigUint64(p - 8)), false];
    return fail(`unknown length encoding 0x${b.toString(16)}`);
  };
  const plainLen = () => {
    const [n, enc] = len();
    if (enc) fail("unexpected encoded length");
    return n;
  };
  /** rdbGenericLoadStringObject. */
  const str = (): Uint8Array => {
    const [n, enc] = len();
    if (enc) {
      if (n === ENC.INT8) return need(1), (p += 1), ascii(String(view.getInt8(p - 1)));
      if (n === ENC.INT16) return need(2), (p += 2), ascii(String(view.getInt16(p - 2, true)));
      if (n === ENC.INT32) return need(4), (p += 4), ascii(String(view.getInt32(p - 4, true)));
      if (n === ENC.LZF) {
        const clen = plainLen();
        const ulen = plainLen();
        need(clen);
        p += clen;
        try {
          return lzfDecompress(data.subarray(p - clen, p), ulen);
        } catch (e) {
          return fail(`invalid LZF compressed string: ${(e as Error).message}`);
        }
      }
      return fail(`unknown string encoding ${n}`);
    }
    need(n);
    p += n;
    return data.slice(p - n, p);
  };
  const guard = <X>(f: () => X): X => {
    try {
      return f();
    } catch (e) {
      if (e instanceof RdbError) throw e;
      return fail((e as Error).message);
    }
  };

  /** rdbLoadDoubleValue: 253 nan, 254 inf, 255 -inf, else a length byte and ASCII. */
  const textDouble = (): number => {
    const n = u8();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    need(n);
    p += n;
    const d = parseDouble(td.decode(data.subarray(p - n, p)));
    return d === null ? fail("invalid zset score") : d;
  };

  const value = (type: number): RValue => {
    switch (type) {
      case T.STRING:
        return str();
      case T.LIST: {
        const n = plainLen();
        const d = new ByteList();
        for (let i = 0; i < n; i++) d.pushBack(str());
        return d;
      }
      case T.LIST_QUICKLIST_2: {
        const nodes = plainLen();
        const d = new ByteList();
        for (let i = 0; i < nodes; i++) {
          const container = plainLen();
          const blob = str();
          if (container === QL.PLAIN) d.pushBack(blob);
          else if (container === QL.PACKED) for (const x of guard(() => decodeListpack(blob))) d.pushBack(x);
          else fail(`quicklist node has unknown container ${container}`);
        }
        return d;
      }
      case T.SET: {
        const n = plainLen();
        const s = new Set<string>();
        for (let i = 0; i < n; i++) s.add(latin1(str()));
        return s;
      }
      case T.SET_INTSET: {
        const blob = str();
        return new Set(guard(() => decodeIntset(blob)));
      }
      case T.SET_LISTPACK: {
        const blob = str();
        return new Set(guard(() => decodeListpack(blob)).map(latin1));
      }
      case T.ZSET:
      case T.ZSET_2: {
        const n = plainLen();
        const z = new ZSet();
        for (let i = 0; i < n; i++) {
          const m = latin1(str());
          z.set(m, type === T.ZSET_2 ? (need(8), (p += 8), view.getFloat64(p - 8, true)) : textDouble());
        }
        return z;
      }
      case T.ZSET_LISTPACK: {
        const blob = str();
        const items = guard(() => decodeListpack(blob));
        if (items.length % 2 !== 0) fail("zset listpack has an odd number of elements");
        const z = new ZSet();
        for (let i = 0; i < items.length; i += 2) {
          const s = parseDouble(latin1(items[i + 1]!));
          if (s === null) fail("zset listpack has an invalid score");
          z.set(latin1(items[i]!), s!);
        }
        return z;
      }
      case T.HASH: {
        const n = plainLen();
        const h = new Map<string, Uint8Array>();
        for (let i = 0; i < n; i++) {
          const f = latin1(str());
          h.set(f, str());
        }
        return h;
      }
      case T.HASH_LISTPACK: {
        const blob = str();
        const items = guard(() => decodeListpack(blob));
        if (items.length % 2 !== 0) fail("hash listpack has an odd number of elements");
        const h = new Map<string, Uint8Array>();
        for (let i = 0; i < items.length; i += 2) h.set(latin1(items[i]!), items[i + 1]!);
        return h;
      }
      default:
        return fail(`unsupported value type ${type}${TYPE_NAMES[type] ? ` (${TYPE_NAMES[type]})` : ""}`);
    }
  };

  const entries: RdbEntry[] = [];
  const aux = new Map<string, string>();
  let db = 0;
  let expireAt: number | undefined;
  for (;;) {
    const op = u8();
    if (op === OP.EOF) break;
    if (op === OP.AUX) {
      const k = td.decode(str());
      aux.set(k, td.decode(str()));
    } else if (op === OP.SELECTDB) db = plainLen();
    else if (op === OP.RESIZEDB) plainLen(), plainLen();
    else if (op === OP.EXPIRETIME_MS) need(8), (p += 8), (expireAt = Number(view.getBigInt64(p - 8, true)));
    else if (op === OP.EXPIRETIME) need(4), (p += 4), (expireAt = view.getInt32(p - 4, true) * 1000);
    else if (op === OP.IDLE) plainLen();
    else if (op === OP.FREQ) u8();
    else if (op === OP.FUNCTION2 || op === OP.MODULE_AUX) fail(op === OP.FUNCTION2 ? "functions are not supported" : "module data is not supported");
    else {
      const key = latin1(str());
      entries.push({ db, key, value: value(op), expireAt });
      expireAt = undefined;
    }
  }
  if (version >= 5) {
    need(8);
    const stored = view.getBigUint64(p, true);
    if (stored !== 0n) {
      const actual = new Crc64().update(data.subarray(0, p)).value();
      if (actual !== stored) fail(`wrong RDB checksum expected: 0x${stored.toString(16).padStart(16, "0")} got: 0x${actual.toString(16).padStart(16, "0")}`);
    }
    p += 8;
  }
  return { entries, aux, version, end: p };
}

const TYPE_NAMES: Record<number, string> = { 3: "zset", 5: "zset", 6: "module", 7: "module", 9: "zipmap", 10: "ziplist list", 12: "ziplist zset", 13: "ziplist hash", 14: "ziplist quicklist", 15: "stream", 17: "listpack zset", 19: "stream", 21: "stream" };

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Puts read entries into the databases (replacing same-named keys); `skipExpired` drops keys already past their TTL, as rdbLoad does on a master. Returns the keys stored. */
export function insertEntries(dbs: Keyspace[], entries: RdbEntry[], options: { now: number; skipExpired: boolean }): number {
  let n = 0;
  for (const e of entries) {
    const db = dbs[e.db];
    if (!db) throw new RdbError(`database ${e.db} out of range (databases ${dbs.length})`, 0);
    if (options.skipExpired && e.expireAt !== undefined && e.expireAt <= options.now) continue;
    db.set(e.key, e.value);
    if (e.expireAt !== undefined) db.setExpire(e.key, e.expireAt, { keepIfPast: true });
    n++;
  }
  return n;
}
