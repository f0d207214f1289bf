/**
 * Static files under a root: Content-Type by extension, ETag and Last-Modified
 * with 304 (RFC 9110 §13.1), single byte ranges (206, 416), index.html for
 * directories (403, or a listing), and no way out of the root: decoded
 * segments are checked, then the realpath must lie inside the root's realpath,
 * so symlinks pointing outside are refused too. Large files are streamed in
 * chunks with back-pressure, never read whole. Resolutions are reused for
 * `cacheValidMs` (see file-cache.ts), as nginx's open_file_cache does.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import type { HttpRequest, HttpResponse } from "../router/index.ts";
import { type Clock, realClock } from "../runtime/index.ts";
import { parseHttpDate } from "./date.ts";
import { FileCache, type FileEntry } from "./file-cache.ts";
import { FixedResponse, withFastPath } from "./fixed.ts";
import type { Handler } from "./options.ts";
import { etagMatches, parseRange } from "./range.ts";
import { safeSegments } from "./static-path.ts";

/** Options of {@link staticHandler}. */
export interface StaticOptions {
  /** The directory served. */
  root: string;
  /** List directories without index.html instead of answering 403. */
  listDirs?: boolean;
  /** How long a file's resolution and validators are reused, in ms (like nginx's open_file_cache_valid); 0 disables; default 1000. */
  cacheValidMs?: number;
  /** Clock of the cache; default realClock. */
  clock?: Clock;
}

/** Files up to this size are read in one go; larger ones are streamed in chunks of this size. */
const CHUNK = 128 * 1024;

/** An error about the static root (missing, not a directory). */
export class StaticRootError extends Error {
  override name = "StaticRootError";
  readonly code = "ERR_HTTP_STATIC_ROOT";
}

/**
 * A handler serving files under `root` (GET and HEAD; 405 otherwise).
 * @example
 * const files = await staticHandler({ root: "./public" });
 * await HttpServer.listen({ handler: files, port: 8080 });
 */
export async function staticHandler(options: StaticOptions): Promise<Handler> {
  let root: string;
  try {
    root = await realpath(options.root);
  } catch (e) {
    throw new StaticRootError(`static: root "${options.root}": ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such directory" : (e as Error).message}`, { cause: e });
  }
  if (!(await stat(root)).isDirectory()) throw new StaticRootError(`static: root "${options.root}": not a directory`);
  const listDirs = options.listDirs === true;
  const cache = new FileCache(root, { clock: options.clock ?? realClock, validMs: options.cacheValidMs });
  /** Request paths already checked by safeSegments, to the file path they name. */
  const paths = new Map<string, string>();

  const handler: Handler = async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return plain(res, 405, "method not allowed");
    }
    let fsPath = paths.get(req.path);
    if (fsPath === undefined) {
      const safe = safeSegments(req.path);
      if (!safe.ok) return plain(res, safe.status, safe.status === 400 ? "bad request" : "not found");
      fsPath = safe.segments.length === 0 ? root : join(root, ...safe.segments);
      if (paths.size >= 10_000) paths.clear();
      paths.set(req.path, fsPath);
    }
    const found = cache.peek(fsPath) ?? (await cache.resolve(fsPath));
    if (found === null) return plain(res, 404, "not found");
    if (found.st.isDirectory()) {
      if (!req.path.endsWith("/")) {
        // Leading slashes collapsed: "//host/dir" must not become a protocol-relative redirect.
        const path = req.path.startsWith("//") ? `/${req.path.replace(/^\/+/, "")}` : req.path;
        res.setHeader("Location", req.rawQuery === "" ? `${path}/` : `${path}/?${req.rawQuery}`);
        return plain(res, 301, "moved permanently");
      }
      const index = await cache.resolve(join(found.real, "index.html"));
      if (index !== null && index.st.isFile()) return serveFile(req, res, cache, index);
      if (!listDirs) return plain(res, 403, "forbidden");
      return listing(req, res, found.real);
    }
    if (!found.st.isFile()) return plain(res, 403, "forbidden");
    return serveFile(req, res, cache, found);
  };
  // A whole cached file, unconditionally, is what serveFile would send too (entry.fixed exists only for kept bodies).
  return withFastPath(handler, (head) => {
    if (head.method !== "GET" && head.method !== "HEAD") return undefined;
    const fsPath = paths.get(head.path);
    if (fsPath === undefined) return undefined;
    const fixed = cache.peek(fsPath)?.fixed;
    if (fixed === undefined) return undefined;
    const h = head.headers;
    if (h.has("if-none-match") || h.has("if-modified-since") || h.has("range")) return undefined;
    return fixed;
  });
}

async function plain(res: HttpResponse, status: number, text: string): Promise<void> {
  res.status = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  await res.end(`${status} ${text}\n`);
}

async function serveFile(req: HttpRequest, res: HttpResponse, cache: FileCache, f: FileEntry): Promise<void> {
  const size = f.st.size;
  const seconds = f.mtimeSeconds;
  const etag = f.etag;
  res.setHeader("Content-Type", f.type);
  res.setHeader("ETag", etag);
  res.setHeader("Last-Modified", f.lastModified);
  res.setHeader("Accept-Ranges", "bytes");
  // RFC 9110 §13.2.2: If-None-Match takes precedence over If-Modified-Since.
  const inm = req.headers.get("if-none-match");
  const ims = inm === undefined ? req.headers.get("if-modified-since") : undefined;
  if ((inm !== undefined && etagMatches(inm, etag)) || (ims !== undefined && seconds <= parseHttpDate(ims))) {
    res.status = 304;
    return res.end();
  }
  let start = 0;
  let end = size - 1;
  const range = req.method === "GET" ? req.headers.get("range") : undefined;
  if (range !== undefined && ifRangeHolds(req.headers.get("if-range"), etag, seconds)) {
    const r = parseRange(range, size);
    if (r.kind === "unsatisfiable") {
      res.setHeader("Content-Range", `bytes */${size}`);
      return plain(res, 416, "range not satisfiable");
    }
    if (r.kind === "range") {
      start = r.start;
      end = r.end;
      res.status = 206;
      res.setHeader("Content-Range", `bytes ${start}-${end}/${size}`);
    }
  }
  const length = end - start + 1;
  res.setHeader("Content-Length", String(length));
  if (req.method === "HEAD" || length === 0) return res.end();
  if (length === size && size <= cache.maxFileBytes) {
    const body = f.body ?? (await cache.body(f));
    if (f.body !== undefined && f.fixed === undefined) f.fixed = fixedResponse(f, f.body);
    // The file changed since its stat: send what was read, framed by its own length.
    if (body.length !== length) res.setHeader("Content-Length", String(body.length));
    return res.end(body);
  }
  const file = Bun.file(f.real);
  if (length <= CHUNK) return res.end(await file.slice(start, end + 1).bytes());
  for (let pos = start; pos <= end; pos += CHUNK) {
    if (req.signal.aborted) return;
    const chunk = await file.slice(pos, Math.min(pos + CHUNK, end + 1)).bytes();
    if (chunk.length === 0) break;
    await res.write(chunk);
  }
  await res.end();
}

/** The 200 serveFile sends for the whole of `f`, fields in the same order. */
function fixedResponse(f: FileEntry, body: Uint8Array): FixedResponse {
  const fields = `Content-Type: ${f.type}\r\nETag: ${f.etag}\r\nLast-Modified: ${f.lastModified}\r\nAccept-Ranges: bytes\r\nContent-Length: ${body.length}\r\n`;
  return new FixedResponse(fields, body);
}

/** RFC 9110 §13.1.5: a Range applies only if the validator in If-Range still matches. */
function ifRangeHolds(ifRange: string | undefined, etag: string, seconds: number): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith('"') || v.startsWith("W/")) return v === etag;
  return parseHttpDate(v) === seconds;
}

async function listing(req: HttpRequest, res: HttpResponse, dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const title = escapeHtml(decodeURIComponentSafe(req.path));
  const items = entries.map((e) => {
    const name = e.isDirectory() ? `${e.name}/` : e.name;
    const href = encodeURIComponent(e.name) + (e.isDirectory() ? "/" : "");
    return `<li><a href="${href}">${escapeHtml(name)}</a></li>`;
  });
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><title>Index of ${title}</title></head>\n<body><h1>Index of ${title}</h1>\n<ul>\n${items.join("\n")}\n</ul></body></html>\n`;
  res.status = 200;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  await res.end(html);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
