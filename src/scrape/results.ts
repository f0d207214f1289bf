/**
 * Results output: `.json` is written whole at the end (also after Ctrl-C,
 * with what was collected); `.jsonl` is streamed, one page or error object
 * per line, as the collector receives them, and is what `--resume` reads.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BatchedWriter } from "../log/index.ts";
import type { ErrorRecord, PageRecord } from "./types.ts";

/** Where results go. */
export interface ResultsWriter {
  page(p: PageRecord): void;
  error(e: ErrorRecord): void;
  /** Writes out everything (`.json`) or closes the stream (`.jsonl`). */
  close(all: { pages: PageRecord[]; errors: ErrorRecord[] }): void;
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  return (e as Error).message;
}

/** Whether `path` names a streamed JSON-lines file. */
export function isJsonLines(path: string): boolean {
  return /\.jsonl$|\.ndjson$/i.test(path);
}

/**
 * A writer for `path`: streamed lines for `.jsonl` (appending when `append`,
 * as `--resume` does), otherwise one JSON document written atomically at close.
 */
export function openResults(path: string, opts: { append?: boolean } = {}): ResultsWriter {
  if (!isJsonLines(path)) {
    // Fail now, not after a long crawl, when the file cannot be written.
    try {
      accessSync(dirname(resolve(path)), constants.W_OK);
    } catch (e) {
      throw new Error(`create "${path}": ${reason(e)}`);
    }
    return {
      page() {},
      error() {},
      close(all) {
        const tmp = `${path}.tmp-${process.pid}`;
        writeFileSync(tmp, `${JSON.stringify({ pages: all.pages, errors: all.errors }, null, 2)}\n`);
        renameSync(tmp, path);
      },
    };
  }
  let fd: number;
  try {
    fd = openSync(path, opts.append ? "a" : "w");
  } catch (e) {
    throw new Error(`open "${path}": ${reason(e)}`);
  }
  // Lines leave once per event-loop turn: one write per burst of pages, never reordered.
  const out = new BatchedWriter((text) => writeSync(fd, text));
  return {
    page: (p) => out.add(JSON.stringify(p)),
    error: (e) => out.add(JSON.stringify(e)),
    close() {
      out.flush();
      closeSync(fd);
    },
  };
}

/**
 * Reads an earlier `.jsonl` run for `--resume`: page lines (with `status`)
 * and error lines (with `error`); a torn last line from an interrupted run is ignored.
 */
export function readResume(path: string): { pages: PageRecord[]; errors: ErrorRecord[] } {
  const pages: PageRecord[] = [];
  const errors: ErrorRecord[] = [];
  if (!existsSync(path)) return { pages, errors };
  const lines = readFileSync(path, "utf8").split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      if (i >= lines.length - 2) continue;
      throw new SyntaxError(`resume "${path}": line ${i + 1}: ${(e as Error).message}`);
    }
    const o = v as Record<string, unknown>;
    if (typeof o.url !== "string") continue;
    if (typeof o.error === "string") errors.push(o as unknown as ErrorRecord);
    else if (typeof o.status === "number") pages.push(o as unknown as PageRecord);
  }
  return { pages, errors };
}
