/**
 * Formats access-log entries: `[2025-01-10 14:32:01] 192.168.1.5:52341 - GET /index.html - 200 - 2ms`,
 * or as the JSON line src/log writes for `log.info("request", accessFields(e))`, built directly.
 */
import type { AccessEntry } from "./options.ts";

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

let lastSecond = Number.NaN;
let lastTime = "";

/** The local time as "YYYY-MM-DD hh:mm:ss" (formatted once per second: every line of a busy second shares it). */
export function logTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastTime;
  const d = new Date(ms);
  lastTime = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  lastSecond = second;
  return lastTime;
}

/** One access-log line in the readable format. */
export function formatAccess(e: AccessEntry): string {
  const addr = e.remoteAddress.includes(":") ? `[${e.remoteAddress}]` : e.remoteAddress;
  return `[${logTime(e.time)}] ${addr}:${e.remotePort} - ${e.method} ${e.target} - ${e.status} - ${Math.round(e.durationMs)}ms`;
}

/** The structured fields of an entry, for JSON log lines. */
export function accessFields(e: AccessEntry): Record<string, string | number> {
  return {
    remote: `${e.remoteAddress}:${e.remotePort}`,
    method: e.method,
    target: e.target,
    status: e.status,
    bytes: e.bytes,
    duration_ms: Math.round(e.durationMs),
  };
}

let isoMs = Number.NaN;
let iso = "";

/**
 * A formatter of the JSON line src/log's JSON format writes for
 * `log.info("request", accessFields(e))` from a logger of `component`, byte
 * for byte, built in one template: no record, no consola dispatch, one ISO
 * timestamp per millisecond. `time` is when the response finished (the
 * entry's start plus its duration). Methods are tokens and addresses are
 * digits, hex, dots and colons, so only the target needs JSON quoting.
 */
export function accessJson(component: string): (e: AccessEntry) => string {
  const prefix = `","level":"info","component":${JSON.stringify(component)},"msg":"request","remote":"`;
  return (e) => {
    const ms = e.time + e.durationMs;
    if (ms !== isoMs) {
      iso = new Date(ms).toISOString();
      isoMs = ms;
    }
    return `{"time":"${iso}${prefix}${e.remoteAddress}:${e.remotePort}","method":"${e.method}","target":${JSON.stringify(e.target)},"status":${e.status},"bytes":${e.bytes},"duration_ms":${Math.round(e.durationMs)}}`;
  };
}
