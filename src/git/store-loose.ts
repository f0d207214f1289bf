/**
 * Loose objects: `objects/xx/yyyy…`, each the zlib stream of
 * "<type> <size>\0<data>", written to a temporary file and renamed into place.
 */
import { nodeFs, readFile } from "../sys/index.ts";
import { GitError } from "./errors.ts";
import type { GitObject, ObjectType } from "./objects.ts";
import { hashObject } from "./sha1.ts";
import type { WritableObjectStore } from "./store.ts";
import { deflate, inflate } from "./zlib.ts";

const encoder = new TextEncoder();
const TYPES = new Set(["blob", "tree", "commit", "tag"]);
let tmpCounter = 0;

/** Loose objects under one `objects` directory. */
export class LooseStore implements WritableObjectStore {
  private readonly dirs = new Set<string>();
  private readonly listings = new Map<string, string[]>();
  private present: Set<string> | undefined;
  constructor(readonly dir: string) {}

  private path(oid: string): string {
    return `${this.dir}/${oid.slice(0, 2)}/${oid.slice(2)}`;
  }

  has(oid: string): boolean {
    // A fan-out directory known not to exist answers without a syscall.
    if (this.present && !this.present.has(oid.slice(0, 2))) return false;
    return nodeFs().existsSync(this.path(oid));
  }

  /** Lists objects/ once so lookups in absent fan-out directories cost nothing. */
  preload(): void {
    if (this.present) return;
    try {
      this.present = new Set(nodeFs().readdirSync(this.dir));
    } catch {
      this.present = new Set();
    }
  }

  read(oid: string): GitObject | undefined {
    const path = this.path(oid);
    let raw: Uint8Array;
    try {
      raw = readFile(path);
    } catch (e) {
      if ((e as { code?: string }).code === "ENOENT") return undefined;
      throw e;
    }
    // zlib's own words in git's message: "incorrect header check", "incorrect data check" (a bad Adler-32 trailer), ...
    const corrupt = (why = "incorrect header check") => new GitError(`error: inflate: data stream error (${why})\nerror: unable to unpack ${oid} header\nfatal: loose object ${oid} (stored in ${path}) is corrupt`, 128);
    let full: Uint8Array;
    try {
      full = inflate(raw);
    } catch (e) {
      throw corrupt(/^incorrect (header|data) check$|^invalid /.test((e as Error).message) ? (e as Error).message : undefined);
    }
    const nul = full.indexOf(0);
    const header = nul < 0 ? "" : String.fromCharCode(...full.subarray(0, Math.min(nul, 32)));
    const m = /^(blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m || Number(m[2]) !== full.length - nul - 1) throw corrupt();
    const type = m[1] as ObjectType;
    const data = full.subarray(nul + 1);
    if (hashObject(type, data) !== oid) throw new GitError(`fatal: loose object ${oid} (stored in ${path}) is corrupt: hash mismatch`, 128);
    return { type, data };
  }

  findPrefix(prefix: string): string[] {
    const sub = prefix.slice(0, 2);
    let names = this.listings.get(sub);
    if (!names) {
      // One listing of objects/ tells which fan-out directories exist (most lookups then need no syscall).
      this.preload();
      names = [];
      if (this.present!.has(sub)) {
        try {
          names = nodeFs().readdirSync(`${this.dir}/${sub}`);
        } catch {}
      }
      this.listings.set(sub, names);
    }
    const rest = prefix.slice(2);
    return names.filter((n) => n.length === 38 && n.startsWith(rest)).map((n) => prefix.slice(0, 2) + n);
  }

  write(type: ObjectType, data: Uint8Array): string {
    if (!TYPES.has(type)) throw new Error(`invalid object type "${type}"`);
    const oid = hashObject(type, data);
    this.writeKnown(oid, type, data);
    return oid;
  }

  /** Writes an object whose id the caller already computed (skips rehashing). */
  writeKnown(oid: string, type: ObjectType, data: Uint8Array): void {
    const path = this.path(oid);
    if (nodeFs().existsSync(path)) return;
    const sub = `${this.dir}/${oid.slice(0, 2)}`;
    if (!this.dirs.has(sub)) {
      nodeFs().mkdirSync(sub, { recursive: true });
      this.dirs.add(sub);
      this.present?.add(oid.slice(0, 2));
    }
    const header = encoder.encode(`${type} ${data.length}\0`);
    const full = new Uint8Array(header.length + data.length);
    full.set(header);
    full.set(data, header.length);
    const z = deflate(full);
    const tmp = `${sub}/tmp_obj_${process.pid}_${tmpCounter++}`;
    const fd = nodeFs().openSync(tmp, "w", 0o444);
    try {
      nodeFs().writeSync(fd, z);
    } finally {
      nodeFs().closeSync(fd);
    }
    nodeFs().renameSync(tmp, path);
    this.listings.get(oid.slice(0, 2))?.push(oid.slice(2));
  }
}
