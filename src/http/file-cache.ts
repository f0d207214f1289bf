/**
 * A short-lived cache of resolved files, in the spirit of nginx's
 * open_file_cache: the realpath, stat and validators of a path are reused for
 * `validMs`, and small files' bytes are kept while their identity (inode,
 * size, mtime) is unchanged. Invariant: an entry is only ever created from a
 * realpath inside the root, so a cached answer never leads outside it.
 */
import type { Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { Clock } from "../runtime/index.ts";
import { httpDate } from "./date.ts";
import type { FixedResponse } from "./fixed.ts";
import { contentType } from "./mime.ts";
import { isInside } from "./static-path.ts";

/** A resolved file or directory. */
export interface FileEntry {
  /** The path it was looked up by. */
  key: string;
  real: string;
  st: Stats;
  etag: string;
  lastModified: string;
  /** mtime rounded down to whole seconds (the resolution of HTTP dates), in ms. */
  mtimeSeconds: number;
  type: string;
  /** The whole content, for small files once read. */
  body: Uint8Array | undefined;
  /** The whole 200 response (fields and body), once the body is kept; set by the static handler. */
  fixed: FixedResponse | undefined;
  checkedAt: number;
}

/** Options of {@link FileCache}. */
export interface FileCacheOptions {
  clock: Clock;
  /** How long a resolution is trusted, in ms (0 disables caching); default 1000. */
  validMs?: number;
  /** Most entries; default 10,000. */
  maxEntries?: number;
  /** Largest file whose bytes are kept; default 256 KiB. */
  maxFileBytes?: number;
  /** Most bytes kept in all; default 64 MiB. */
  maxTotalBytes?: number;
}

/** Resolves paths under one root, with caching. */
export class FileCache {
  readonly #root: string;
  readonly #clock: Clock;
  readonly #validMs: number;
  readonly #maxEntries: number;
  readonly maxFileBytes: number;
  readonly #maxTotal: number;
  #total = 0;
  readonly #entries = new Map<string, FileEntry>();

  constructor(root: string, options: FileCacheOptions) {
    this.#root = root;
    this.#clock = options.clock;
    this.#validMs = options.validMs ?? 1000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.maxFileBytes = options.maxFileBytes ?? 256 * 1024;
    this.#maxTotal = options.maxTotalBytes ?? 64 * 1024 * 1024;
  }

  /** The cached entry for `path` while it is still valid, without touching the file system. */
  peek(path: string): FileEntry | undefined {
    const e = this.#entries.get(path);
    return e !== undefined && this.#clock.now() - e.checkedAt < this.#validMs ? e : undefined;
  }

  /** The entry for `path` (under the root, not yet resolved), or null when missing or outside the root. */
  async resolve(path: string): Promise<FileEntry | null> {
    const now = this.#clock.now();
    const old = this.#entries.get(path);
    if (old !== undefined && now - old.checkedAt < this.#validMs) return old;
    let real: string;
    let st: Stats;
    try {
      real = await realpath(path);
      if (!isInside(this.#root, real)) return this.#drop(path);
      st = await stat(real);
    } catch {
      return this.#drop(path);
    }
    const same = old !== undefined && old.real === real && old.st.ino === st.ino && old.st.size === st.size && old.st.mtimeMs === st.mtimeMs;
    if (same) {
      old.checkedAt = now;
      return old;
    }
    this.#drop(path);
    const mtime = Math.floor(st.mtimeMs);
    const entry: FileEntry = {
      key: path,
      real,
      st,
      etag: `"${st.size.toString(16)}-${mtime.toString(16)}"`,
      lastModified: httpDate(mtime),
      mtimeSeconds: Math.floor(mtime / 1000) * 1000,
      type: contentType(real),
      body: undefined,
      fixed: undefined,
      checkedAt: now,
    };
    if (this.#validMs > 0) {
      if (this.#entries.size >= this.#maxEntries) this.#drop(this.#entries.keys().next().value!);
      this.#entries.set(path, entry);
    }
    return entry;
  }

  /** The whole content of a small file, read once per identity. */
  async body(entry: FileEntry): Promise<Uint8Array> {
    const bytes = await Bun.file(entry.real).bytes();
    if (bytes.length === entry.st.size && this.#validMs > 0 && this.#total + bytes.length <= this.#maxTotal && this.#entries.get(entry.key) === entry) {
      entry.body = bytes;
      this.#total += bytes.length;
    }
    return bytes;
  }

  #drop(path: string): null {
    const e = this.#entries.get(path);
    if (e !== undefined) {
      if (e.body !== undefined) this.#total -= e.body.length;
      this.#entries.delete(path);
    }
    return null;
  }
}
