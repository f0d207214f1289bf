/**
 * Atomic file replacement: readers see the old bytes or the new bytes, never
 * a mix, and after a crash the file is one or the other. The new content is
 * written to a temporary file in the same directory, fsynced, renamed over the
 * target (rename(2) is atomic within a file system), and the directory is
 * fsynced so the rename itself is durable.
 */

// node:fs is imported where used: a static import would load it on every gokit start, even for --help.
type Fs = typeof import("node:fs");

/** Options for writeFileAtomic. */
export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its mode. Default 0o644 (before the umask). */
  mode?: number;
}

let counter = 0;

/** Replaces the contents of `path` with `data` atomically and durably. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = await import("node:fs");
  const { closeSync, constants, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } = fs;
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash) || "/";
  let mode = options.mode ?? 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const tmp = `${dir}/.${path.slice(slash + 1)}.${process.pid}.${Date.now().toString(36)}${(counter++).toString(36)}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  let open = true;
  let renamed = false;
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    open = false;
    closeSync(fd);
    renameSync(tmp, path);
    renamed = true;
  } finally {
    if (open) closeSync(fd);
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
    }
  }
  syncDir(fs, dir);
}

/**
 * Throws EACCES if `path` exists but may not be written. Renaming over a file
 * needs only a writable directory, so without this check a read-only file
 * would be replaced silently.
 */
export async function checkWritable(path: string): Promise<void> {
  const { accessSync, constants } = await import("node:fs");
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** Fsyncs a directory so renames and unlinks in it survive a crash; best effort where unsupported. */
function syncDir({ closeSync, constants, fsyncSync, openSync }: Fs, dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories (EINVAL); the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}
