#!/usr/bin/env bun
/**
 * CPU cost of one keep-alive 1 KB static GET through the connection layer,
 * without sockets: pre-built request bytes are fed to Connection.onData and a
 * fake socket swallows the writes. Prints µs per request (and, with
 * PROFILE=1, the top frames of bun:jsc's sampling profiler).
 * Usage: bun bench/http/micro.ts [requests]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/http/index.ts";
import { Connection } from "../../src/http/connection.ts";
import { HttpServer } from "../../src/http/server.ts";

const N = Number(process.argv[2] ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), "gokit-micro-"));
writeFileSync(join(dir, "1k.bin"), new Uint8Array(1024).fill(97));
const handler = await createApp({ root: dir });
const server = await HttpServer.listen({ handler, serverName: "gokit/0.0.0" });

let written = 0;
let wake: (() => void) | null = null;
const socket = {
  remoteAddress: "127.0.0.1",
  remotePort: 40000,
  data: undefined as unknown,
  write(b: Uint8Array): number {
    written += b.length;
    const w = wake;
    wake = null;
    w?.();
    return b.length;
  },
  end() {},
  terminate() {},
};
// biome-ignore lint: a fake socket
const conn = new Connection(socket as any, server);
const req = new TextEncoder().encode("GET /1k.bin HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");

async function one(): Promise<void> {
  const before = written;
  conn.onData(req.slice());
  if (written === before) await new Promise<void>((r) => (wake = r));
  // let the exchange's tail (access log, afterExchange) run
  while (conn.busy) await Promise.resolve();
}

for (let i = 0; i < 20_000; i++) await one();
if (process.env.PROFILE) {
  const jsc = await import("bun:jsc");
  jsc.startSamplingProfiler();
}
const t0 = performance.now();
for (let i = 0; i < N; i++) await one();
const t1 = performance.now();
console.log(`${(((t1 - t0) * 1000) / N).toFixed(2)} µs/request over ${N} requests, ${(written / (N + 20_000)).toFixed(0)} bytes/response`);
if (process.env.PROFILE) {
  const jsc = await import("bun:jsc");
  const sample = (jsc as unknown as { samplingProfilerStackTraces(): unknown }).samplingProfilerStackTraces;
  const traces = (sample() as { traces: { frames: { name: string; sourceURL?: string; line: number }[] }[] }).traces;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const t of traces) {
    const frames = t.frames.map((f) => `${f.name} ${(f.sourceURL ?? "").replace(/.*\/(src|bench)\//, "")}:${f.line}`);
    if (frames.length === 0) continue;
    self.set(frames[0]!, (self.get(frames[0]!) ?? 0) + 1);
    for (const f of new Set(frames)) incl.set(f, (incl.get(f) ?? 0) + 1);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, n]) => `${((100 * n) / traces.length).toFixed(1).padStart(5)}%  ${f.slice(0, 150)}`).join("\n");
  console.log(`${traces.length} samples\n-- self --\n${top(self)}\n-- inclusive --\n${top(incl)}`);
}
server.close();
rmSync(dir, { recursive: true, force: true });
