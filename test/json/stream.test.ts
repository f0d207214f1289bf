import { describe, expect, test } from "bun:test";
import { JsonParseError, JsonStreamParser, parse, parseStream, statsVisitor, type JsonVisitor } from "../../src/json/index.ts";

/** A visitor that records events as short strings. */
function recorder(): { events: string[]; visitor: JsonVisitor } {
  const events: string[] = [];
  return {
    events,
    visitor: {
      startObject: () => void events.push("{"),
      endObject: () => void events.push("}"),
      startArray: () => void events.push("["),
      endArray: () => void events.push("]"),
      key: (k) => void events.push(`key ${k}`),
      value: (v) => void events.push(`${typeof v} ${String(v)}`),
    },
  };
}

/** The events a document should produce, derived from `parse`. */
function expectedEvents(text: string): string[] {
  const events: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      events.push("[");
      v.forEach(walk);
      events.push("]");
    } else if (v !== null && typeof v === "object") {
      events.push("{");
      for (const [k, x] of Object.entries(v)) {
        events.push(`key ${k}`);
        walk(x);
      }
      events.push("}");
    } else events.push(`${typeof v} ${String(v)}`);
  };
  walk(parse(text, { bigint: true }));
  return events;
}

const doc = '{"name": "Go\\u00e9😀", "year": 2009, "big": 12345678901234567890,\r\n "ok": [true, false, null, -1.5e-3, {}, []], "esc": "\\ud83d\\ude00\\n"}';

describe("JsonStreamParser", () => {
  test("reports start/end of containers, keys and values in document order", () => {
    const { events, visitor } = recorder();
    const p = new JsonStreamParser(visitor);
    p.write('{"a": [1, "x"], "b": null}');
    p.end();
    expect(events).toEqual(["{", "key a", "[", "number 1", "string x", "]", "key b", "object null", "}"]);
  });

  test.each([
    ["text", false],
    ["UTF-8 bytes", true],
  ])("gives the same events for every split of the %s into two chunks", (_, asBytes) => {
    const want = expectedEvents(doc);
    const data = asBytes ? new TextEncoder().encode(doc) : doc;
    for (let cut = 0; cut <= data.length; cut++) {
      const { events, visitor } = recorder();
      const p = new JsonStreamParser(visitor, { bigint: true });
      p.write(data.slice(0, cut));
      p.write(data.slice(cut));
      p.end();
      expect({ cut, events }).toEqual({ cut, events: want });
    }
  });

  test("counts lines and columns across chunk boundaries, including a CRLF split between chunks", () => {
    const p = new JsonStreamParser({});
    let error: unknown;
    try {
      for (const chunk of ["[1,\r", "\n 😀", ""]) p.write(chunk);
      p.end();
    } catch (e) {
      error = e;
    }
    expect((error as JsonParseError).headline).toBe("Parse error at line 2, column 2: unexpected character '😀', expected value");
  });

  test("describes a bad token cut by a chunk end once the next chunk arrives", () => {
    const p = new JsonStreamParser({});
    expect(p.write("[1, Na")).toBeUndefined();
    expect(() => p.write("N, 2" + " ".repeat(40) + "]")).toThrow("Parse error at line 1, column 5: unexpected token 'NaN', expected value");
  });

  test("reports an incomplete document at end", () => {
    const p = new JsonStreamParser({});
    p.write('{"a": [1, 2');
    expect(() => p.end()).toThrow("Parse error at line 1, column 12: unexpected end of input, expected ',' or ']'");
  });

  test("rejects invalid UTF-8 split across chunks", () => {
    const p = new JsonStreamParser({});
    p.write(new Uint8Array([0x22, 0xe2, 0x82]));
    expect(() => p.write(new Uint8Array([0x41, 0x22]))).toThrow(JsonParseError);
  });

  test("pauses while a visitor's promise is pending and refuses writes meanwhile", async () => {
    let release!: () => void;
    const seen: unknown[] = [];
    const p = new JsonStreamParser({
      value: (v) => {
        seen.push(v);
        if (v === 2) return new Promise<void>((r) => (release = r));
      },
    });
    const pending = p.write("[1, 2, 3, 4]");
    expect(pending).toBeInstanceOf(Promise);
    expect(seen).toEqual([1, 2]);
    expect(() => p.write("")).toThrow("paused");
    release();
    await pending;
    expect(seen).toEqual([1, 2, 3, 4]);
    p.end();
  });
});

describe("parseStream", () => {
  test("does not pull the next chunk until the visitor's promise settles (back-pressure)", async () => {
    const log: string[] = [];
    async function* source() {
      for (const chunk of ["[1,", "2,", "3]"]) {
        log.push(`pull ${chunk}`);
        yield chunk;
      }
    }
    await parseStream(source(), {
      value: async (v) => {
        log.push(`start ${v}`);
        await Bun.sleep(1);
        log.push(`end ${v}`);
      },
    });
    expect(log).toEqual(["pull [1,", "start 1", "end 1", "pull 2,", "start 2", "end 2", "pull 3]", "start 3", "end 3"]);
  });

  test("reads a ReadableStream of bytes and gathers statistics", async () => {
    const { visitor, stats } = statsVisitor();
    const bytes = new TextEncoder().encode(doc);
    await parseStream(new Blob([bytes]).stream(), visitor);
    expect(stats).toEqual({ objects: 2, arrays: 2, keys: 5, strings: 2, numbers: 3, booleans: 2, nulls: 1, maxDepth: 3, longestString: 5 });
  });

  test("stops when its signal aborts", async () => {
    const controller = new AbortController();
    async function* source() {
      yield "[1,";
      controller.abort(new Error("stop"));
      yield "2]";
    }
    expect(parseStream(source(), {}, { signal: controller.signal })).rejects.toThrow("stop");
  });

  test("passes a visitor's rejection through", async () => {
    const failing = parseStream(["[1]"].values() as unknown as AsyncIterable<string>, { value: () => Promise.reject(new Error("disk full")) });
    expect(failing).rejects.toThrow("disk full");
  });
});
