import { describe, expect, test } from "bun:test";
import { parseInt64, RequestDecoder, splitInlineArgs } from "../../../src/wire/resp/index.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
type Out = string[] | { error: string };

/** Feeds `input` in the given pieces and collects every command (as strings) and the first error. */
function decodeAll(pieces: Uint8Array[], options: ConstructorParameters<typeof RequestDecoder>[0] = {}): { out: Out[]; buffered: number } {
  const d = new RequestDecoder(options);
  const out: Out[] = [];
  for (const p of pieces) {
    d.push(p);
    for (;;) {
      const r = d.next();
      if (r.kind === "more") break;
      if (r.kind === "error") return { out: [...out, { error: r.message }], buffered: d.buffered };
      out.push(r.argv.map((a) => dec.decode(a)));
    }
  }
  return { out, buffered: d.buffered };
}

/** Every way of splitting `bytes` in two, plus byte-by-byte. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes], Array.from(bytes, (b) => Uint8Array.of(b))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

const cases: { name: string; input: string; want: Out[] }[] = [
  { name: "a multibulk command", input: "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", want: [["GET", "k"]] },
  { name: "pipelined commands", input: "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n", want: [["PING"], ["ECHO", "hi"]] },
  { name: "an empty bulk string", input: "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", want: [["ECHO", ""]] },
  { name: "a bulk string holding CRLF", input: "*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n", want: [["ECHO", "a\r\nb"]] },
  { name: "empty multibulks (*0, *-1) skipped", input: "*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", want: [["PING"]] },
  { name: "an inline command", input: "SET k v\r\n", want: [["SET", "k", "v"]] },
  { name: "an inline command ended by LF alone", input: "PING\n", want: [["PING"]] },
  { name: "inline quoting and escapes", input: `SET "a b" 'c\\'d' "\\x41\\n"\r\n`, want: [["SET", "a b", "c'd", "A\n"]] },
  { name: "blank inline lines skipped", input: "\r\n\n  \r\nPING\r\n", want: [["PING"]] },
  { name: "inline then multibulk", input: "PING\r\n*1\r\n$4\r\nPING\r\n", want: [["PING"], ["PING"]] },
  { name: "invalid multibulk length", input: "*x\r\n", want: [{ error: "Protocol error: invalid multibulk length" }] },
  { name: "multibulk length with a plus sign", input: "*+1\r\n", want: [{ error: "Protocol error: invalid multibulk length" }] },
  { name: "multibulk length over INT_MAX", input: "*2147483648\r\n", want: [{ error: "Protocol error: invalid multibulk length" }] },
  { name: "a missing dollar", input: "*1\r\nxPING\r\n", want: [{ error: "Protocol error: expected '$', got 'x'" }] },
  { name: "a negative bulk length", input: "*1\r\n$-1\r\n", want: [{ error: "Protocol error: invalid bulk length" }] },
  { name: "a 10 GB bulk length", input: "*1\r\n$10737418240\r\n", want: [{ error: "Protocol error: invalid bulk length" }] },
  { name: "unbalanced quotes", input: 'SET "k v\r\n', want: [{ error: "Protocol error: unbalanced quotes in request" }] },
  { name: "a closing quote followed by a letter", input: 'SET "k"v 1\r\n', want: [{ error: "Protocol error: unbalanced quotes in request" }] },
  { name: "replies before an error stay", input: "PING\r\n*1\r\n$x\r\n", want: [["PING"], { error: "Protocol error: invalid bulk length" }] },
];

describe("RequestDecoder", () => {
  for (const c of cases) {
    test(`decodes ${c.name} identically at every split`, () => {
      const bytes = enc.encode(c.input);
      for (const pieces of splits(bytes)) expect(decodeAll(pieces).out).toEqual(c.want);
    });
  }

  test("a NUL before the newline hides it, as Redis's strchr does: the line waits, then is too big", () => {
    const d = new RequestDecoder();
    d.push(enc.encode("ECHO a\0b\r\n"));
    expect(d.next().kind).toBe("more");
    d.push(enc.encode("x".repeat(70_000)));
    expect(d.next()).toEqual({ kind: "error", message: "Protocol error: too big inline request" });
  });

  test("binary bulk strings come back byte for byte", () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i);
    const head = enc.encode(`*2\r\n$3\r\nSET\r\n$256\r\n`);
    const input = new Uint8Array([...head, ...payload, 13, 10]);
    for (const pieces of splits(input)) {
      const d = new RequestDecoder();
      for (const p of pieces) d.push(p);
      const r = d.next();
      expect(r.kind).toBe("command");
      if (r.kind === "command") expect(r.argv[1]).toEqual(payload);
    }
  });

  test("decodes ten thousand pipelined commands from one read", () => {
    const one = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
    const { out } = decodeAll([enc.encode(one.repeat(10_000))]);
    expect(out.length).toBe(10_000);
    expect(out[9_999]).toEqual(["SET", "key", "value"]);
  });

  test("an endless inline line is a protocol error once past 64 KB", () => {
    const d = new RequestDecoder();
    d.push(enc.encode("a".repeat(64 * 1024)));
    expect(d.next().kind).toBe("more");
    d.push(enc.encode("a"));
    expect(d.next()).toEqual({ kind: "error", message: "Protocol error: too big inline request" });
  });

  test("an endless multibulk count or bulk count line is a protocol error", () => {
    expect(decodeAll([enc.encode("*" + "1".repeat(70_000))]).out).toEqual([{ error: "Protocol error: too big mbulk count string" }]);
    expect(decodeAll([enc.encode("*1\r\n$" + "1".repeat(70_000))]).out).toEqual([{ error: "Protocol error: too big bulk count string" }]);
  });

  test("proto-max-bulk-len can be set lower", () => {
    expect(decodeAll([enc.encode("*1\r\n$11\r\n")], { maxBulkLen: 10 }).out).toEqual([{ error: "Protocol error: invalid bulk length" }]);
    expect(decodeAll([enc.encode("*1\r\n$10\r\n0123456789\r\n")], { maxBulkLen: 10 }).out).toEqual([["0123456789"]]);
  });

  test("before AUTH, more than 10 arguments or a bulk over 16 KB is refused", () => {
    const d = new RequestDecoder();
    d.authRequired = true;
    d.push(enc.encode("*11\r\n"));
    expect(d.next()).toEqual({ kind: "error", message: "Protocol error: unauthenticated multibulk length" });
    const e = new RequestDecoder();
    e.authRequired = true;
    e.push(enc.encode("*1\r\n$16385\r\n"));
    expect(e.next()).toEqual({ kind: "error", message: "Protocol error: unauthenticated bulk length" });
  });

  test("buffered counts the bytes of an incomplete command, and drops to 0 when it completes", () => {
    const d = new RequestDecoder();
    d.push(enc.encode("*2\r\n$3\r\nGET\r\n$5\r\nab"));
    expect(d.next().kind).toBe("more");
    expect(d.buffered).toBeGreaterThan(0);
    d.push(enc.encode("cde\r\n"));
    expect(d.next().kind).toBe("command");
    expect(d.next().kind).toBe("more");
    expect(d.buffered).toBe(0);
  });
});

describe("parseInt64 (string2ll)", () => {
  const table: [string, number | bigint | null][] = [
    ["0", 0], ["-1", -1], ["123", 123], ["9223372036854775807", 9223372036854775807n], ["-9223372036854775808", -9223372036854775808n],
    ["9223372036854775808", null], ["", null], ["-", null], ["+1", null], ["01", null], ["-0", null], [" 1", null], ["1 ", null], ["1.0", null],
  ];
  for (const [s, want] of table) {
    test(`"${s}" → ${want}`, () => {
      const b = enc.encode(s);
      expect(parseInt64(b, 0, b.length)).toBe(want);
    });
  }
});

describe("splitInlineArgs (sdssplitargs)", () => {
  const table: [string, string[] | null][] = [
    ["a b  c", ["a", "b", "c"]],
    ['"a\\tb"', ["a\tb"]],
    ['"\\x4g"', ["x4g"]],
    ["'it''s'", null],
    ['""', [""]],
    ["a\0b c", ["a"]],
  ];
  for (const [s, want] of table) {
    test(`${JSON.stringify(s)} → ${JSON.stringify(want)}`, () => {
      const r = splitInlineArgs(enc.encode(s));
      expect(r === null ? null : r.map((a) => dec.decode(a))).toEqual(want);
    });
  }
});
