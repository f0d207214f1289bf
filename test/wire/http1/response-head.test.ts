/** The response head serializer. */
import { expect, test } from "bun:test";
import { ResponseHeadWriter, statusLine } from "../../../src/wire/http1/index.ts";

const text = (b: Uint8Array) => String.fromCharCode(...b);

test("ResponseHeadWriter writes the status line, fields and the empty line", () => {
  const w = new ResponseHeadWriter();
  expect(text(w.write(404, ["Content-Length", "0", "X-A", "b"]))).toBe("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nX-A: b\r\n\r\n");
});

test("ResponseHeadWriter appends a small body in the same buffer", () => {
  const w = new ResponseHeadWriter();
  expect(text(w.write(200, ["Content-Length", "2"], Uint8Array.of(104, 105)))).toBe("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
});

test("ResponseHeadWriter grows for heads larger than its buffer and keeps latin-1 bytes", () => {
  const w = new ResponseHeadWriter();
  const big = "x".repeat(10000);
  const out = w.write(200, ["X-Big", big, "X-Cafe", "caf\xe9"]);
  expect(out.length).toBe(`HTTP/1.1 200 OK\r\nX-Big: ${big}\r\nX-Cafe: café\r\n\r\n`.length);
  expect(out.includes(0xe9)).toBe(true);
});

test("statusLine covers unknown codes", () => {
  expect(statusLine(418)).toBe("HTTP/1.1 418 Unknown\r\n");
  expect(statusLine(431)).toBe("HTTP/1.1 431 Request Header Fields Too Large\r\n");
});
