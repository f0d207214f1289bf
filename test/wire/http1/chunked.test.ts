/** The chunked codec: decoding table-driven and split at every byte offset; encoding round-trips. */
import { describe, expect, test } from "bun:test";
import { ChunkedDecoder, encodeChunk, LAST_CHUNK } from "../../../src/wire/http1/index.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

type Outcome = { data: string; consumed: number; trailers: [string, string][] } | { status: number } | "more";

/** Decodes `input` fed in two reads split at `cut` (0 = whole). */
function decode(input: Uint8Array, cut: number): Outcome {
  const d = new ChunkedDecoder({ maxTrailerBytes: 64 });
  let data = "";
  let consumed = 0;
  for (const [s, e] of cut > 0 ? [[0, cut], [cut, input.length]] : [[0, input.length]]) {
    // As a connection does: unconsumed bytes stay at the front of the next read.
    const r = d.decode(input, consumed, e!, (c) => (data += text(c)));
    void s;
    if (!r.ok) return { status: r.error.status };
    consumed += r.consumed;
    if (r.done) return { data, consumed, trailers: [...d.trailers.entries()] };
  }
  return "more";
}

describe("ChunkedDecoder", () => {
  const cases: [string, string, Outcome][] = [
    ["one chunk", "5\r\nhello\r\n0\r\n\r\n", { data: "hello", consumed: 15, trailers: [] }],
    ["several chunks, hex sizes", "3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n", { data: "abc0123456789", consumed: 28, trailers: [] }],
    ["upper-case hex and leading zeros", "00B\r\nhello world\r\n000\r\n\r\n", { data: "hello world", consumed: 25, trailers: [] }],
    ["chunk extensions", "5;name=value;x\r\nhello\r\n0;last\r\n\r\n", { data: "hello", consumed: 33, trailers: [] }],
    ["BWS before an extension", "5 ;a=b\r\nhello\r\n0\r\n\r\n", { data: "hello", consumed: 20, trailers: [] }],
    ["trailers (RFC 9112 §7.1.2)", "2\r\nhi\r\n0\r\nX-Sum: 42\r\nX-B:  y \r\n\r\n", { data: "hi", consumed: 33, trailers: [["X-Sum", "42"], ["X-B", "y"]] }],
    ["stops after the body, leaving the next request", "1\r\na\r\n0\r\n\r\nGET /", { data: "a", consumed: 11, trailers: [] }],
    ["incomplete", "5\r\nhel", "more"],
    ["a missing size", "\r\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["a non-hex size", "g\r\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["a negative size", "-5\r\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["an overflowing size", "fffffffffffffffff\r\n", { status: 400 }],
    ["a bare LF after the size", "5\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["data longer than its size", "3\r\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["a bare CR after data", "5\r\nhello\rX0\r\n\r\n", { status: 400 }],
    ["a control character in an extension", "5;a\x01\r\nhello\r\n0\r\n\r\n", { status: 400 }],
    ["a malformed trailer", "0\r\nno colon\r\n\r\n", { status: 400 }],
    ["an oversized trailer section", `0\r\nX: ${"a".repeat(100)}\r\n\r\n`, { status: 431 }],
  ];
  for (const [name, raw, want] of cases) {
    test(`decodes ${name} the same at every split`, () => {
      const input = bytes(raw);
      expect(decode(input, 0)).toEqual(want);
      for (let cut = 1; cut < input.length; cut++) expect({ cut, r: decode(input, cut) }).toEqual({ cut, r: want });
    });
  }

  test("counts trailer lines with their line breaks, and their number, against the limits (431)", () => {
    const run = (raw: string, limits: { maxTrailerBytes?: number; maxTrailerCount?: number }) => {
      const r = new ChunkedDecoder(limits).decode(bytes(raw), 0, raw.length, () => {});
      return r.ok ? r.done : r.error.status;
    };
    // "A: 1\r\n" is 6 bytes; the final empty line is free.
    expect(run("0\r\nA: 1\r\nB: 2\r\n\r\n", { maxTrailerBytes: 12 })).toBe(true);
    expect(run("0\r\nA: 1\r\nB: 2\r\n\r\n", { maxTrailerBytes: 11 })).toBe(431);
    expect(run("0\r\n\r\n", { maxTrailerBytes: 0 })).toBe(true);
    expect(run("0\r\nA: 1\r\nB: 2\r\n\r\n", { maxTrailerCount: 2 })).toBe(true);
    expect(run("0\r\nA: 1\r\nB: 2\r\n\r\n", { maxTrailerCount: 1 })).toBe(431);
  });

  test("decodes one byte at a time", () => {
    const input = bytes("4\r\nWiki\r\n5\r\npedia\r\n0\r\nA: b\r\n\r\n");
    const d = new ChunkedDecoder();
    let data = "";
    for (let i = 0; i < input.length; i++) {
      const r = d.decode(input, i, i + 1, (c) => (data += text(c)));
      expect(r.ok && r.consumed).toBe(1);
      expect(r.ok && r.done).toBe(i === input.length - 1);
    }
    expect(data).toBe("Wikipedia");
    expect(d.trailers.get("a")).toBe("b");
  });
});

describe("encodeChunk", () => {
  test("frames data with its hex size and CRLFs", () => {
    expect(text(encodeChunk(bytes("hello world, again!")))).toBe("13\r\nhello world, again!\r\n");
    expect(text(LAST_CHUNK)).toBe("0\r\n\r\n");
  });

  test("never emits a zero-size chunk for empty data", () => {
    expect(encodeChunk(new Uint8Array(0)).length).toBe(0);
  });

  test("round-trips through the decoder", () => {
    const parts = ["a", "bc".repeat(300), "", "z".repeat(70000)];
    const wire = [...parts.map((p) => encodeChunk(bytes(p))), LAST_CHUNK];
    const all = new Uint8Array(wire.reduce((n, w) => n + w.length, 0));
    let at = 0;
    for (const w of wire) {
      all.set(w, at);
      at += w.length;
    }
    let out = 0;
    const r = new ChunkedDecoder().decode(all, 0, all.length, (c) => (out += c.length));
    expect(r.ok && r.done).toBe(true);
    expect(out).toBe(parts.join("").length);
  });
});
