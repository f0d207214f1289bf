import { describe, expect, test } from "bun:test";
import { ReplyWriter } from "../../../src/wire/resp/index.ts";

const text = (w: ReplyWriter) => Buffer.from(w.take()).toString("latin1");

describe("ReplyWriter", () => {
  const cases: [string, (w: ReplyWriter) => void, string, string][] = [
    ["simple string", (w) => w.simple("OK"), "+OK\r\n", "+OK\r\n"],
    ["error with its own code", (w) => w.error("WRONGTYPE Operation"), "-WRONGTYPE Operation\r\n", "-WRONGTYPE Operation\r\n"],
    ["error without a code gets ERR", (w) => w.error("syntax error"), "-ERR syntax error\r\n", "-ERR syntax error\r\n"],
    ["error with newlines", (w) => w.error("ERR a\r\nb"), "-ERR a  b\r\n", "-ERR a  b\r\n"],
    ["integer", (w) => w.integer(-42), ":-42\r\n", ":-42\r\n"],
    ["integer of many digits, zero and 2^53 − 1", (w) => (w.integer(0), w.integer(1234567890), w.integer(-10), w.integer(9007199254740991)), ":0\r\n:1234567890\r\n:-10\r\n:9007199254740991\r\n", ":0\r\n:1234567890\r\n:-10\r\n:9007199254740991\r\n"],
    ["array header and +OK", (w) => (w.array(100), w.ok(), w.array(0)), "*100\r\n+OK\r\n*0\r\n", "*100\r\n+OK\r\n*0\r\n"],
    ["bulk of a byte range", (w) => w.bulkRange(Uint8Array.of(1, 2, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 3), 2, 12), "$10\r\nabcdefghij\r\n", "$10\r\nabcdefghij\r\n"],
    ["bigint", (w) => w.integer(9223372036854775807n), ":9223372036854775807\r\n", ":9223372036854775807\r\n"],
    ["bulk bytes", (w) => w.bulk(Uint8Array.of(0, 255, 13, 10)), "$4\r\n\x00\xff\r\n\r\n", "$4\r\n\x00\xff\r\n\r\n"],
    ["bulk latin1", (w) => w.bulk("caf\xe9"), "$4\r\ncaf\xe9\r\n", "$4\r\ncaf\xe9\r\n"],
    ["null bulk", (w) => w.nullBulk(), "$-1\r\n", "_\r\n"],
    ["null array", (w) => w.nullArray(), "*-1\r\n", "_\r\n"],
    ["map", (w) => (w.map(1), w.bulk("a"), w.integer(1)), "*2\r\n$1\r\na\r\n:1\r\n", "%1\r\n$1\r\na\r\n:1\r\n"],
    ["set", (w) => (w.set(1), w.bulk("a")), "*1\r\n$1\r\na\r\n", "~1\r\n$1\r\na\r\n"],
    ["double", (w) => w.double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n"],
    ["boolean", (w) => w.boolean(true), ":1\r\n", "#t\r\n"],
    ["verbatim", (w) => w.verbatim("hi"), "$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n"],
  ];
  for (const [name, write, resp2, resp3] of cases) {
    test(`encodes a ${name} in RESP2 and RESP3`, () => {
      const w = new ReplyWriter(4);
      write(w);
      expect(text(w)).toBe(resp2);
      w.proto = 3;
      write(w);
      expect(text(w)).toBe(resp3);
    });
  }

  test("grows past its initial size and batches many replies into one buffer", () => {
    const w = new ReplyWriter(8);
    for (let i = 0; i < 10_000; i++) w.simple("PONG");
    const out = w.take();
    expect(out.length).toBe(70_000);
    expect(w.length).toBe(0);
  });
});
