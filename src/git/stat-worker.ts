/**
 * The stat helper thread's entry point (started by stat-helper.ts): takes a
 * scan job and does its part (stat-scan.ts helpScan). Built into the
 * binary as a second entry point (Makefile, scripts/release.ts).
 */
import { STAT_JIT_POLICY } from "./stat-policy.ts";
import { helpScan, type ScanJob } from "./stat-scan.ts";
import { openLibc } from "../sys/index.ts";

declare const self: Worker;

Bun.unsafe.setJITPolicy(STAT_JIT_POLICY);

// Tells the main thread this module loaded (GOKIT_DEBUG reports it).
self.postMessage("ready");

self.onmessage = (event: MessageEvent<ScanJob>) => {
  const sx = openLibc();
  if (sx) helpScan(sx, event.data);
};
