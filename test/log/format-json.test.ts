import { describe, expect, test } from "bun:test";
import { formatJson } from "../../src/log/format-json.ts";
import type { LogRecord } from "../../src/log/index.ts";

const time = new Date("2025-01-10T14:32:01.123Z");
const record = (fields: Record<string, unknown>, component = "httpd"): LogRecord => ({ time, level: "info", component, msg: 'say "hi"\n', fields });

describe("formatJson", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["primitive fields (the fast path)", { remote: "127.0.0.1:5", status: 200, ok: true, none: null, ratio: 0.5, odd: "ü\u0001" }],
    ["nested values (the general path)", { addr: { host: "a", port: 1 }, list: [1, 2] }],
    ["no fields", {}],
  ];
  for (const [name, fields] of cases) {
    test(`writes the same object as JSON.stringify for ${name}`, () => {
      const line = formatJson(record(fields));
      expect(JSON.parse(line)).toEqual({ time: time.toISOString(), level: "info", component: "httpd", msg: 'say "hi"\n', ...fields });
      expect(line).toBe(JSON.stringify({ time: time.toISOString(), level: "info", component: "httpd", msg: 'say "hi"\n', ...fields }));
    });
  }

  test("leaves out an empty component and turns bigints into strings", () => {
    expect(JSON.parse(formatJson(record({ n: 10n }, "")))).toEqual({ time: time.toISOString(), level: "info", msg: 'say "hi"\n', n: "10" });
  });
});
