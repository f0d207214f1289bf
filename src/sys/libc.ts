/**
 * The C library's file calls through bun:ffi on Linux: statx(2) into one
 * reusable buffer (no Stats object per call, exact nanosecond times; git
 * status checks every tracked file this way, 10,000 lstat calls cost Bun's
 * lstatSync about 40 % more), directory listings, whole-file reads and
 * read-only mappings. Bun.mmap cannot map read-only: it opens files for
 * writing, which fails on git's read-only packs and loose objects (mode 0444)
 * for anyone but root, and tells file watchers the file was written.
 * Elsewhere (or when libc cannot be loaded) `openLibc` returns undefined and
 * callers use node:fs.
 */

/**
 * A statx caller: `lstat(path)` fills `words` and returns true, or returns
 * false when the path cannot be stat'ed. `words` is struct statx as 32-bit
 * words (little-endian, low halves of 64-bit fields): uid 5, gid 6, mode 7
 * (low 16 bits), ino 8, size 10, ctime s/ns 24/26, mtime s/ns 28/30.
 */
export interface Libc {
  lstat(path: string): boolean;
  /** lstat of the NUL-terminated path at address `at` (e.g. inside an index buffer), relative to directory `dirfd` (the cwd by default): no string, no copy. */
  lstatAt(at: number, dirfd?: number): boolean;
  /** A directory's file descriptor for `lstatAt`, or -1; `closeDir` releases it. */
  openDir(path: string): number;
  closeDir(fd: number): void;
  /** How many names directory `path` holds besides ".", ".." and ".git" (getdents64, no strings); -1 when it cannot be read. */
  countNames(path: string): number;
  /**
   * The names in directory `path` besides "." and ".." (getdents64), or
   * undefined when it cannot be read. With `types`, each name's d_type is
   * pushed there too (DT_DIR 4, DT_REG 8, DT_LNK 10; DT_UNKNOWN 0 where the
   * file system does not say).
   */
  listNames(path: string, types?: number[]): string[] | undefined;
  /** stat (following symlinks) into `statWords` (laid out as `words`, which it leaves alone): 0, or the errno (ENOENT 2, ENOTDIR 20, …). */
  stat(path: string): number;
  readonly statWords: Uint32Array;
  /** The whole of file `path`, or the errno of its open or read (EISDIR 21 for a directory). */
  readFile(path: string): Uint8Array | number;
  /**
   * The first `size` bytes of file `path` (its size, as `stat` found it)
   * mapped read-only (mmap PROT_READ, MAP_PRIVATE), or the errno. The mapping
   * lasts as long as the process (a view of it may be anywhere), so callers
   * keep one per file.
   */
  mapFile(path: string, size: number): Uint8Array | number;
  /** Reads the whole of file `path` into `buf`: true when it held exactly buf.length bytes. */
  readWhole(path: string, buf: Uint8Array): boolean;
  readonly words: Uint32Array;
}

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const PROT_READ = 1;
/** read(2)'s count is passed as an int: at most 1 GB a call. */
const MAX_READ = 1 << 30;
const MAP_PRIVATE = 2;
const STATX_BASIC_STATS = 0x7ff;
/** O_CLOEXEC, and O_DIRECTORY, whose value arm64 (as arm) takes from its own table: 0o40000 there, 0o200000 on x86-64 (where 0o200000 would be arm64's O_DIRECT). */
const O_CLOEXEC = 0o2000000;
const O_DIRECTORY_CLOEXEC = (process.arch === "arm64" ? 0o40000 : 0o200000) | O_CLOEXEC;
const O_RDONLY_CLOEXEC = O_CLOEXEC;
let cached: Libc | null | undefined;

/** The statx caller, or undefined off Linux/glibc. */
export function openLibc(): Libc | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  if (process.platform !== "linux" || process.env.GOKIT_GIT_NO_STATX) return undefined;
  try {
    // bun:ffi is loaded here, not imported: its first import costs every command's start-up a few tenths of a millisecond.
    const { dlopen, FFIType, ptr, read: peek, toArrayBuffer } = require("bun:ffi") as typeof import("bun:ffi");
    const lib = dlopen("libc.so.6", {
      statx: { args: [FFIType.i32, FFIType.ptr, FFIType.i32, FFIType.u32, FFIType.ptr], returns: FFIType.i32 },
      open: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
      getdents64: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
      close: { args: [FFIType.i32], returns: FFIType.i32 },
      read: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
      mmap: { args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64], returns: FFIType.i64 },
      __errno_location: { args: [], returns: FFIType.ptr },
    });
    const call = lib.symbols.statx;
    const { open, getdents64, close, read, mmap } = lib.symbols;
    // errno is per thread: its address is taken on the thread that opened libc (a worker opens its own).
    const errnoAt = lib.symbols.__errno_location()!;
    const errno = () => peek.i32(errnoAt, 0) || 5; /* EIO if unset */
    const dents = Buffer.alloc(32768);
    const dentsAt = ptr(dents);
    const words = new Uint32Array(64);
    const out = ptr(words);
    let readBuf = new Uint8Array(65536);
    let readAt = ptr(readBuf);
    // A separate buffer, so a stat in between never changes what an lstat left in `words`.
    const statWords = new Uint32Array(64);
    const statAt = ptr(statWords);
    let path = Buffer.alloc(4096);
    let at = ptr(path);
    /** `p` NUL-terminated in the reused path buffer; returns its address. */
    const cstr = (p: string): number => {
      if (p.length * 3 + 1 > path.length) {
        path = Buffer.alloc(p.length * 3 + 1);
        at = ptr(path);
      }
      path[path.write(p, 0, "utf8")] = 0;
      return at;
    };
    const openDir = (p: string): number => open(cstr(p), O_DIRECTORY_CLOEXEC);
    cached = {
      words,
      lstat(p: string): boolean {
        return call(AT_FDCWD, cstr(p), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out) === 0;
      },
      lstatAt(p: number, dirfd = AT_FDCWD): boolean {
        return call(dirfd, p, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out) === 0;
      },
      openDir,
      closeDir(fd: number): void {
        if (fd >= 0) close(fd);
      },
      statWords,
      stat(p: string): number {
        return call(AT_FDCWD, cstr(p), 0, STATX_BASIC_STATS, statAt) === 0 ? 0 : errno();
      },
      readFile(p: string): Uint8Array | number {
        const fd = open(cstr(p), O_RDONLY_CLOEXEC);
        if (fd < 0) return errno();
        try {
          // Into the reused buffer (doubled while full), then copied out; read(2) on a directory fails with EISDIR.
          let got = 0;
          for (;;) {
            if (got === readBuf.length) {
              const bigger = new Uint8Array(readBuf.length * 2);
              bigger.set(readBuf);
              readBuf = bigger;
              readAt = ptr(readBuf);
            }
            const n = read(fd, readAt + got, Math.min(readBuf.length - got, MAX_READ));
            if (n < 0) return errno();
            if (n === 0) return readBuf.slice(0, got);
            got += n;
          }
        } finally {
          close(fd);
        }
      },
      mapFile(p: string, size: number): Uint8Array | number {
        if (size === 0) return new Uint8Array(0);
        const fd = open(cstr(p), O_RDONLY_CLOEXEC);
        if (fd < 0) return errno();
        const at = Number(mmap(null, size, PROT_READ, MAP_PRIVATE, fd, 0));
        const e = at === -1 ? errno() : 0;
        close(fd);
        return e ? e : new Uint8Array(toArrayBuffer(at, 0, size));
      },
      readWhole(p: string, buf: Uint8Array): boolean {
        const fd = open(cstr(p), O_RDONLY_CLOEXEC);
        if (fd < 0) return false;
        try {
          const base = ptr(buf);
          let got = 0;
          while (got < buf.length) {
            const n = read(fd, base + got, Math.min(buf.length - got, MAX_READ));
            if (n <= 0) return false;
            got += n;
          }
          // Nothing after: the file is exactly as long as the buffer.
          return read(fd, dentsAt, 1) === 0;
        } finally {
          close(fd);
        }
      },
      listNames(p: string, types?: number[]): string[] | undefined {
        const fd = openDir(p);
        if (fd < 0) return undefined;
        const names: string[] = [];
        for (;;) {
          const n = Number(getdents64(fd, dentsAt, dents.length));
          if (n <= 0) {
            close(fd);
            return n < 0 ? undefined : names;
          }
          for (let o = 0; o < n; o += dents[o + 16]! | (dents[o + 17]! << 8)) {
            const name = dents.toString("utf8", o + 19, dents.indexOf(0, o + 19));
            if (name === "." || name === "..") continue;
            names.push(name);
            // struct linux_dirent64: d_type at 18.
            types?.push(dents[o + 18]!);
          }
        }
      },
      countNames(p: string): number {
        const fd = openDir(p);
        if (fd < 0) return -1;
        let count = 0;
        for (;;) {
          const n = Number(getdents64(fd, dentsAt, dents.length));
          if (n <= 0) {
            close(fd);
            return n < 0 ? -1 : count;
          }
          // struct linux_dirent64: d_reclen at 16, d_name at 19.
          for (let o = 0; o < n; o += dents[o + 16]! | (dents[o + 17]! << 8)) {
            if (dents[o + 19] === 0x2e) {
              const c1 = dents[o + 20];
              if (c1 === 0 || (c1 === 0x2e && dents[o + 21] === 0)) continue;
              if (c1 === 0x67 && dents[o + 21] === 0x69 && dents[o + 22] === 0x74 && dents[o + 23] === 0) continue;
            }
            count++;
          }
        }
      },
    };
  } catch {
    cached = null;
  }
  return cached ?? undefined;
}
