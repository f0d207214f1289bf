import { describe, expect, test } from "bun:test";
import { createLogger, LogOptionError, type LoggerOptions } from "../../src/log/index.ts";
import { stripAnsi } from "../../src/term/color.ts";

const FIXED = new Date("2025-01-10T14:32:01.123Z");

/** A logger writing into an array, at a fixed time, with an empty environment unless given. */
function capture(options: LoggerOptions & { tty?: boolean } = {}) {
  const writes: string[] = [];
  const stream = { write: (s: string) => writes.push(s), isTTY: options.tty ?? false };
  const log = createLogger({ stream, env: {}, now: () => FIXED, ...options });
  return { log, writes, lines: () => writes.join("").split("\n").filter((l) => l !== "") };
}

const json = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe("createLogger JSON format", () => {
  test("writes one object per line with time, level, component, msg and fields", () => {
    const { log, writes } = capture({ component: "httpd", format: "json" });
    log.info("listening", { addr: "127.0.0.1:8080" });
    expect(writes).toEqual([
      '{"time":"2025-01-10T14:32:01.123Z","level":"info","component":"httpd","msg":"listening","addr":"127.0.0.1:8080"}\n',
    ]);
  });

  test("omits the component when there is none", () => {
    const { log, lines } = capture({ format: "json" });
    log.warn("disk almost full");
    expect(lines()).toEqual(['{"time":"2025-01-10T14:32:01.123Z","level":"warn","msg":"disk almost full"}']);
  });

  test("serializes an error as its message", () => {
    const { log, lines } = capture({ format: "json" });
    log.error("accept failed", new Error("too many open files"));
    log.error("dial failed", { peer: "10.0.0.2", error: new Error("connection refused") });
    expect(lines().map(json)).toMatchObject([
      { level: "error", msg: "accept failed", error: "too many open files" },
      { msg: "dial failed", peer: "10.0.0.2", error: "connection refused" },
    ]);
    expect(lines().join("")).not.toContain("stack");
  });

  test("adds the stack to errors at debug level", () => {
    const { log, lines } = capture({ format: "json", level: "debug" });
    log.error("accept failed", new Error("too many open files"));
    const rec = json(lines()[0]!);
    expect(rec.error).toBe("too many open files");
    expect(rec.stack).toContain("Error: too many open files\n    at ");
  });

  test("keeps reserved keys from being overwritten by fields", () => {
    const { log, lines } = capture({ format: "json", component: "a" });
    log.info("real", { msg: "fake", level: "fake", time: 0, component: "b" });
    expect(json(lines()[0]!)).toMatchObject({
      level: "info",
      component: "a",
      msg: "real",
      "fields.msg": "fake",
      "fields.level": "fake",
      "fields.time": 0,
      "fields.component": "b",
    });
  });

  test("writes values JSON cannot hold instead of throwing", () => {
    const { log, lines } = capture({ format: "json" });
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    log.info("odd values", { big: 2n ** 64n, cyclic, gone: undefined });
    expect(json(lines()[0]!)).toMatchObject({ big: "18446744073709551616", cyclic: { name: "loop", self: "[circular]" } });
    expect(lines()[0]).not.toContain("gone");
  });

  test("escapes newlines in messages so each record stays on one line", () => {
    const { log, writes } = capture({ format: "json" });
    log.info("two\nlines", { note: "a\nb" });
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split("\n")).toHaveLength(2);
  });
});

describe("createLogger pretty format", () => {
  test("writes time, level, component, msg and key=value fields", () => {
    const { log, lines } = capture({ component: "httpd", format: "pretty" });
    log.info("listening", { addr: "127.0.0.1:8080", path: "/a b", n: 3 });
    expect(lines()[0]).toMatch(/^\d\d:\d\d:\d\d\.123 INFO  \[httpd\] listening addr=127\.0\.0\.1:8080 path="\/a b" n=3$/);
  });

  test("writes no colour when colour is disabled", () => {
    const { log, writes } = capture({ format: "pretty", tty: true, env: { NO_COLOR: "1" } });
    log.error("boom");
    expect(writes[0]).not.toContain("\x1b[");
  });

  test("colours the level on a TTY when colour is enabled", () => {
    const { log, writes } = capture({ format: "pretty", tty: true, env: {} });
    log.error("boom");
    expect(writes[0]).toContain("\x1b[31mERROR\x1b[39m");
  });

  test("never colours when writing to a pipe", () => {
    const { log, writes } = capture({ format: "pretty", tty: false, env: {} });
    log.warn("careful");
    expect(writes[0]).not.toContain("\x1b[");
  });

  test("puts the stack on indented lines below at debug level", () => {
    const { log, writes } = capture({ format: "pretty", level: "debug" });
    log.error("failed", new Error("nope"));
    expect(writes[0]).toMatch(/ ERROR failed error=nope\n    Error: nope\n    {5}at /);
  });
});

describe("createLogger format selection", () => {
  const cases: [string, Partial<LoggerOptions> & { tty: boolean }, "json" | "pretty"][] = [
    ["a TTY gets pretty lines", { tty: true }, "pretty"],
    ["a pipe gets JSON lines", { tty: false }, "json"],
    ["systemd (JOURNAL_STREAM) gets JSON lines even on a TTY", { tty: true, env: { JOURNAL_STREAM: "8:12345" } }, "json"],
    ["--log-format json wins over a TTY", { tty: true, format: "json" }, "json"],
    ["an explicit pretty format wins over a pipe", { tty: false, format: "pretty" }, "pretty"],
  ];
  for (const [name, options, want] of cases) {
    test(name, () => {
      const { log, lines } = capture(options);
      log.info("hello");
      expect(log.format).toBe(want);
      if (want === "json") expect(json(lines()[0]!).msg).toBe("hello");
      else expect(stripAnsi(lines()[0]!)).toMatch(/ INFO  hello$/);
    });
  }

  test("rejects an unknown format", () => {
    expect(() => capture({ format: "xml" as "json" })).toThrow('log: invalid format "xml" (want json or pretty)');
  });
});

describe("createLogger levels", () => {
  const levels = ["debug", "info", "warn", "error", "silent"] as const;
  const written: Record<(typeof levels)[number], string[]> = {
    debug: ["debug", "info", "warn", "error"],
    info: ["info", "warn", "error"],
    warn: ["warn", "error"],
    error: ["error"],
    silent: [],
  };
  for (const level of levels) {
    test(`level ${level} writes only ${written[level].join(", ") || "nothing"}`, () => {
      const { log, lines } = capture({ format: "json", level });
      log.debug("debug");
      log.info("info");
      log.warn("warn");
      log.error("error");
      expect(lines().map((l) => json(l).msg)).toEqual(written[level]);
    });
  }

  test("defaults to info", () => {
    const { log } = capture();
    expect(log.level).toBe("info");
    expect(log.enabled("debug")).toBe(false);
    expect(log.enabled("info")).toBe(true);
  });

  test("reads the level from GOKIT_LOG_LEVEL", () => {
    const { log, lines } = capture({ format: "json", env: { GOKIT_LOG_LEVEL: "DEBUG" } });
    log.debug("visible");
    expect(log.level).toBe("debug");
    expect(lines()).toHaveLength(1);
  });

  test("prefers the level option over GOKIT_LOG_LEVEL", () => {
    const { log } = capture({ level: "error", env: { GOKIT_LOG_LEVEL: "debug" } });
    expect(log.level).toBe("error");
  });

  test("rejects an invalid level in GOKIT_LOG_LEVEL, naming the value", () => {
    expect(() => capture({ env: { GOKIT_LOG_LEVEL: "verbose" } })).toThrow(
      'log: invalid level "verbose" in GOKIT_LOG_LEVEL (want debug, info, warn, error or silent)',
    );
    expect(() => capture({ env: { GOKIT_LOG_LEVEL: "verbose" } })).toThrow(LogOptionError);
  });

  test("rejects an invalid level option, naming the value", () => {
    expect(() => capture({ level: "loud" as "info" })).toThrow('log: invalid level "loud"');
  });
});

describe("Logger.child", () => {
  test("tags records with a sub-component", () => {
    const { log, lines } = capture({ format: "json", component: "httpd" });
    log.child("conn").info("accepted");
    expect(json(lines()[0]!).component).toBe("httpd:conn");
  });

  test("tags records of an untagged logger with the child's component", () => {
    const { log, lines } = capture({ format: "json" });
    log.child("raft").info("elected");
    expect(json(lines()[0]!).component).toBe("raft");
  });

  test("binds fields to every record, with per-call fields taking precedence", () => {
    const { log, lines } = capture({ format: "json", component: "httpd" });
    const conn = log.child({ conn: 7, peer: "10.0.0.2" });
    conn.info("request", { path: "/", peer: "override" });
    conn.child("tls").warn("handshake slow");
    expect(lines().map(json)).toEqual([
      { time: FIXED.toISOString(), level: "info", component: "httpd", msg: "request", conn: 7, peer: "override", path: "/" },
      { time: FIXED.toISOString(), level: "warn", component: "httpd:tls", msg: "handshake slow", conn: 7, peer: "10.0.0.2" },
    ]);
  });

  test("inherits the parent's level and format", () => {
    const { log, lines } = capture({ format: "json", level: "warn" });
    const child = log.child("x");
    child.info("dropped");
    child.warn("kept");
    expect(child.level).toBe("warn");
    expect(child.format).toBe("json");
    expect(lines()).toHaveLength(1);
  });
});

describe("createLogger for daemons", () => {
  test("writes all 100 identical lines without collapsing repeats", () => {
    const { log, lines } = capture({ format: "json" });
    for (let i = 0; i < 100; i++) log.info("health check ok", { status: 200 });
    expect(lines()).toHaveLength(100);
    expect(new Set(lines()).size).toBe(1);
  });

  test("writes identical lines at a steady clock in both formats", () => {
    const { log, lines } = capture({ format: "pretty", component: "x" });
    for (let i = 0; i < 100; i++) log.error("same");
    expect(lines()).toHaveLength(100);
  });

  test("writes only to the injected stream, never to the console", () => {
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    const calls: string[] = [];
    for (const k of Object.keys(original) as (keyof typeof original)[]) console[k] = () => void calls.push(k);
    try {
      const { log, lines } = capture({ format: "pretty", level: "debug" });
      log.debug("d");
      log.info("i");
      log.warn("w");
      log.error("e");
      expect(lines()).toHaveLength(4);
    } finally {
      Object.assign(console, original);
    }
    expect(calls).toEqual([]);
  });

  test("issues one write per record so concurrent writers never interleave a line", () => {
    const { log, writes } = capture({ format: "json" });
    log.info("a", { x: 1 });
    log.warn("b");
    expect(writes).toHaveLength(2);
    for (const w of writes) expect(w).toEndWith("}\n");
  });
});
