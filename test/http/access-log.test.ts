/** Access-log formatting, and BatchedWriter: lines of one turn go out in one write, in order, and flush() empties it. */
import { expect, test } from "bun:test";
import { accessFields, accessJson, formatAccess } from "../../src/http/index.ts";
import { BatchedWriter, createLogger } from "../../src/log/index.ts";

test("BatchedWriter writes the lines of one turn together, in order", async () => {
  const writes: string[] = [];
  const log = new BatchedWriter((t) => writes.push(t));
  log.add("one");
  log.add("two");
  expect(writes).toEqual([]);
  await new Promise((r) => setImmediate(r));
  expect(writes).toEqual(["one\ntwo\n"]);
  log.add("three");
  log.flush();
  expect(writes).toEqual(["one\ntwo\n", "three\n"]);
  await new Promise((r) => setImmediate(r));
  expect(writes.length).toBe(2);
});

test("formatAccess shares one timestamp per second and still formats each line", () => {
  const at = new Date(2025, 0, 10, 14, 32, 1, 0).getTime();
  const e = { time: at, remoteAddress: "::1", remotePort: 5, method: "GET", target: "/x", status: 200, bytes: 1, durationMs: 1.6 };
  expect(formatAccess(e)).toBe("[2025-01-10 14:32:01] [::1]:5 - GET /x - 200 - 2ms");
  expect(formatAccess({ ...e, time: at + 999, target: "/y" })).toBe("[2025-01-10 14:32:01] [::1]:5 - GET /y - 200 - 2ms");
  expect(formatAccess({ ...e, time: at + 1000 })).toBe("[2025-01-10 14:32:02] [::1]:5 - GET /x - 200 - 2ms");
});

test("accessJson writes exactly the line the JSON logger writes for the same request", () => {
  const entries = [
    { time: Date.UTC(2025, 0, 10, 14, 32, 1, 5), remoteAddress: "192.168.1.5", remotePort: 52341, method: "GET", target: "/index.html", status: 200, bytes: 1024, durationMs: 2 },
    { time: Date.UTC(2025, 0, 10, 14, 32, 1, 5), remoteAddress: "::1", remotePort: 5, method: "-", target: '/a"b\\c?q=\u00e9', status: 400, bytes: 0, durationMs: 0.4 },
    { time: Date.UTC(2025, 0, 10, 14, 32, 1, 7), remoteAddress: "127.0.0.1", remotePort: 1, method: "POST", target: "/echo", status: 413, bytes: 42, durationMs: 0 },
  ];
  for (const e of entries) {
    const lines: string[] = [];
    const log = createLogger({ stream: { write: (t: string) => lines.push(t), isTTY: false }, format: "json", level: "info", now: () => new Date(e.time + e.durationMs) }).child("httpd");
    log.info("request", accessFields(e));
    expect(`${accessJson("httpd")(e)}\n`).toBe(lines[0]!);
  }
});
