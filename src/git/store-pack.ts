/**
 * Packfiles (gitformat-pack): `.idx` v2 lookup (fan-out, sorted ids, 31-bit
 * offsets with the 64-bit table) and `.pack` v2 entries, resolving OFS_DELTA
 * and REF_DELTA chains with a small cache of recently inflated bases.
 */
import { listDir } from "../sys/index.ts";
import { GitError } from "./errors.ts";
import { mapFile } from "./map-file.ts";
import type { GitObject, ObjectType } from "./objects.ts";
import { toHex } from "./sha1.ts";
import type { ObjectStore } from "./store.ts";
import { inflate, inflateKnownSize } from "./zlib.ts";

const TYPE_NAMES: Record<number, ObjectType> = { 1: "commit", 2: "tree", 3: "blob", 4: "tag" };
const OFS_DELTA = 6;
const REF_DELTA = 7;

/** Applies a delta (gitformat-pack "Deltified representation") to `base`. */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    let c: number;
    do {
      c = delta[i++]!;
      v += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return v;
  };
  const srcSize = varint();
  if (srcSize !== base.length) throw new Error("delta base size mismatch");
  const dstSize = varint();
  const out = new Uint8Array(dstSize);
  let o = 0;
  while (i < delta.length) {
    const cmd = delta[i++]!;
    if (cmd & 0x80) {
      let off = 0;
      let size = 0;
      if (cmd & 0x01) off |= delta[i++]!;
      if (cmd & 0x02) off |= delta[i++]! << 8;
      if (cmd & 0x04) off |= delta[i++]! << 16;
      if (cmd & 0x08) off = (off | (delta[i++]! << 24)) >>> 0;
      if (cmd & 0x10) size |= delta[i++]!;
      if (cmd & 0x20) size |= delta[i++]! << 8;
      if (cmd & 0x40) size |= delta[i++]! << 16;
      if (size === 0) size = 0x10000;
      if (off + size > base.length || o + size > dstSize) throw new Error("delta copy out of range");
      out.set(base.subarray(off, off + size), o);
      o += size;
    } else if (cmd !== 0) {
      if (o + cmd > dstSize || i + cmd > delta.length) throw new Error("delta insert out of range");
      out.set(delta.subarray(i, i + cmd), o);
      o += cmd;
      i += cmd;
    } else {
      throw new Error("delta opcode 0 is reserved");
    }
  }
  if (o !== dstSize) throw new Error("delta result size mismatch");
  return out;
}

/** The id being looked up, as bytes (Pack.find). */
const KEY = Buffer.alloc(20);
const KEY_VIEW = new DataView(KEY.buffer, KEY.byteOffset, 20);

/** One `.pack` with its `.idx`. */
export class Pack {
  private pack: Uint8Array | undefined;
  private readonly idx: Buffer;
  private readonly view: DataView;
  readonly count: number;
  private readonly cache = new Map<number, GitObject>();
  private ends: Float64Array | undefined;

  constructor(
    readonly packPath: string,
    readonly idxPath: string,
    private readonly resolveRef: (oid: string) => GitObject | undefined,
  ) {
    this.idx = mapFile(idxPath);
    this.view = new DataView(this.idx.buffer, this.idx.byteOffset, this.idx.byteLength);
    if (this.idx.length < 8 + 1024 + 40 || this.view.getUint32(0) !== 0xff744f63 || this.view.getUint32(4) !== 2) {
      throw new GitError(`fatal: index file ${idxPath} is not a version 2 pack index`, 128);
    }
    this.count = this.view.getUint32(8 + 255 * 4);
    if (this.idx.length < 8 + 1024 + this.count * 28 + 40) throw new GitError(`fatal: index file ${idxPath} is too small`, 128);
  }

  private data(): Uint8Array {
    if (!this.pack) {
      // A plain Uint8Array view: subarray on a Buffer goes through its species constructor, several times slower, three times per object.
      const m = mapFile(this.packPath);
      const p = new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
      const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
      if (p.length < 32 || v.getUint32(0) !== 0x5041434b || (v.getUint32(4) !== 2 && v.getUint32(4) !== 3)) {
        throw new GitError(`fatal: packfile ${this.packPath} is corrupt: bad header`, 128);
      }
      this.pack = p;
    }
    return this.pack;
  }


  /** The position of `oid` in the sorted id table, or -1. */
  private find(oid: string): number {
    // The id as five 32-bit words (decoded by one native write into a reused buffer), compared with DataView reads.
    if (oid.length !== 40 || KEY.write(oid, "hex") !== 20) return -1;
    const k0 = KEY_VIEW.getUint32(0);
    const k1 = KEY_VIEW.getUint32(4);
    const k2 = KEY_VIEW.getUint32(8);
    const k3 = KEY_VIEW.getUint32(12);
    const k4 = KEY_VIEW.getUint32(16);
    const first = k0 >>> 24;
    const v = this.view;
    let lo = first === 0 ? 0 : v.getUint32(8 + (first - 1) * 4);
    let hi = v.getUint32(8 + first * 4);
    const base = 8 + 1024;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = base + mid * 20;
      let d = v.getUint32(o) - k0;
      if (d === 0) d = v.getUint32(o + 4) - k1;
      if (d === 0) d = v.getUint32(o + 8) - k2;
      if (d === 0) d = v.getUint32(o + 12) - k3;
      if (d === 0) d = v.getUint32(o + 16) - k4;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** How many ids start with the hex `prefix`, counting no further than `limit`. */
  countPrefix(prefix: string, limit = 2): number {
    const padded = Buffer.from(prefix.padEnd(40, "0"), "hex");
    const first = padded[0]!;
    let lo = first === 0 ? 0 : this.view.getUint32(8 + (first - 1) * 4);
    let hi = this.view.getUint32(8 + first * 4);
    const base = 8 + 1024;
    // Lower bound of the padded prefix, then count matches forward.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.idx.compare(padded, 0, 20, base + mid * 20, base + mid * 20 + 20) < 0) lo = mid + 1;
      else hi = mid;
    }
    const end = this.view.getUint32(8 + first * 4);
    let n = 0;
    for (let k = lo; k < end && n < limit; k++) {
      if (!this.idx.toString("hex", base + k * 20, base + k * 20 + 20).startsWith(prefix)) break;
      n++;
    }
    return n;
  }

  private offsetAt(pos: number): number {
    const o32 = 8 + 1024 + this.count * 24;
    const off = this.view.getUint32(o32 + pos * 4);
    if (!(off & 0x80000000)) return off;
    const o64 = o32 + this.count * 4 + (off & 0x7fffffff) * 8;
    return this.view.getUint32(o64) * 2 ** 32 + this.view.getUint32(o64 + 4);
  }

  has(oid: string): boolean {
    return this.find(oid) >= 0;
  }

  /**
   * Where the entry at `offset` ends: the next entry's offset (or the
   * trailer). Bounding the zlib input keeps inflate from copying the rest of
   * the pack for every object.
   */
  private endOf(offset: number): number {
    if (!this.ends) {
      const offs = new Float64Array(this.count);
      for (let k = 0; k < this.count; k++) offs[k] = this.offsetAt(k);
      offs.sort();
      this.ends = offs;
    }
    const offs = this.ends;
    let lo = 0;
    let hi = offs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offs[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < offs.length ? offs[lo]! : this.data().length - 20;
  }

  /**
   * Inflates the entry data at `i` (entry at `offset`) of inflated `size`.
   * zlib never makes a stream longer than deflateBound (size + size/4096·5 +
   * 13), so that much input is offered first; only a stream that does not
   * fit (a foreign packer) falls back to the exact end from the sorted offsets.
   */
  private inflateAt(i: number, offset: number, size: number): Uint8Array {
    const p = this.data();
    try {
      const r = inflate(p.subarray(i, Math.min(i + size + (size >>> 12) * 5 + (size >>> 14) + 64, p.length - 20)));
      if (r.length === size) return r;
    } catch {}
    return inflateKnownSize(p.subarray(i, this.endOf(offset)), size);
  }

  read(oid: string): GitObject | undefined {
    const pos = this.find(oid);
    if (pos < 0) return undefined;
    try {
      return this.readAt(this.offsetAt(pos));
    } catch (e) {
      if (e instanceof GitError) throw e;
      throw new GitError(`fatal: packed object ${oid} (stored in ${this.packPath}) is corrupt: ${(e as Error).message}`, 128);
    }
  }

  findPrefix(prefix: string): string[] {
    const out: string[] = [];
    const first = parseInt(prefix.slice(0, 2), 16);
    const lo = first === 0 ? 0 : this.view.getUint32(8 + (first - 1) * 4);
    const hi = this.view.getUint32(8 + first * 4);
    for (let k = lo; k < hi; k++) {
      const hex = toHex(this.idx, 8 + 1024 + k * 20);
      if (hex.startsWith(prefix)) out.push(hex);
    }
    return out;
  }

  /** Every id in this pack. */
  *ids(): Generator<string> {
    for (let k = 0; k < this.count; k++) yield toHex(this.idx, 8 + 1024 + k * 20);
  }

  /** A delta's base: delta chains share bases, so recently used ones are kept. */
  private baseAt(offset: number): GitObject {
    const cached = this.cache.get(offset);
    if (cached) return cached;
    const obj = this.readAt(offset);
    // Cleared whole when full: cheaper per read than evicting the oldest through an iterator.
    if (this.cache.size >= 512) this.cache.clear();
    this.cache.set(offset, obj);
    return obj;
  }

  private readAt(offset: number): GitObject {
    // The entry header (type, size, delta base), read in place from the mapping.
    const p = this.data();
    if (offset < 12 || offset >= p.length - 20) throw new Error(`offset ${offset} is outside the pack`);
    let i = offset;
    let c = p[i++]!;
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 0x80) {
      c = p[i++]!;
      size += (c & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let obj: GitObject;
    if (type === OFS_DELTA || type === REF_DELTA) {
      let base: GitObject | undefined;
      if (type === OFS_DELTA) {
        c = p[i++]!;
        let rel = c & 0x7f;
        while (c & 0x80) {
          c = p[i++]!;
          rel = (rel + 1) * 128 + (c & 0x7f);
        }
        base = this.baseAt(offset - rel);
      } else {
        const baseOid = toHex(p, i);
        i += 20;
        base = this.has(baseOid) ? this.baseAt(this.offsetAt(this.find(baseOid))) : this.resolveRef(baseOid);
        if (!base) throw new Error(`missing delta base ${baseOid}`);
      }
      obj = { type: base.type, data: applyDelta(base.data, this.inflateAt(i, offset, size)) };
    } else {
      const name = TYPE_NAMES[type];
      if (!name) throw new Error(`unknown object type ${type} at offset ${offset}`);
      obj = { type: name, data: this.inflateAt(i, offset, size) };
    }
    return obj;
  }
}

/** Every pack under `objects/pack`, as one store. */
export class PackStore implements ObjectStore {
  private packs: Pack[] | undefined;
  constructor(
    readonly dir: string,
    private readonly resolveRef: (oid: string) => GitObject | undefined = () => undefined,
  ) {}

  /** The packs, loaded on first use. */
  list(): Pack[] {
    if (!this.packs) {
      let names: string[] = [];
      try {
        names = listDir(this.dir);
      } catch {}
      this.packs = names
        .filter((n) => n.endsWith(".idx") && names.includes(n.slice(0, -4) + ".pack"))
        .map((n) => new Pack(`${this.dir}/${n.slice(0, -4)}.pack`, `${this.dir}/${n}`, this.resolveRef));
    }
    return this.packs;
  }

  has(oid: string): boolean {
    return this.list().some((p) => p.has(oid));
  }

  read(oid: string): GitObject | undefined {
    const packs = this.list();
    for (let k = 0; k < packs.length; k++) {
      const o = packs[k]!.read(oid);
      if (o) return o;
    }
    return undefined;
  }

  findPrefix(prefix: string): string[] {
    return this.list().flatMap((p) => p.findPrefix(prefix));
  }

  /** Forgets the pack list (after a pack was added). */
  rescan(): void {
    this.packs = undefined;
  }

  /** How many ids in all packs start with `prefix`, up to `limit`. */
  countPrefix(prefix: string, limit = 2): number {
    let n = 0;
    for (const p of this.list()) {
      n += p.countPrefix(prefix, limit - n);
      if (n >= limit) break;
    }
    return n;
  }
}
