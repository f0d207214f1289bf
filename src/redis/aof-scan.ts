/**
 * Scanning the append-only file (the parsing half of Redis's loadSingleAppendOnlyFile): a strict
 * RESP multibulk reader over the whole file. Running out of bytes inside a
 * command is a truncated tail (a crash mid-write): like `aof-load-truncated
 * yes`, the caller truncates the file to the last complete command and goes
 * on. Anything else malformed is corruption, refused with its byte offset.
 */

/** One command found in the file and the offset where it starts. */
export interface AofCommand {
  argv: Uint8Array[];
  offset: number;
}

/** The outcome of scanning an AOF. */
export type AofScan =
  | { kind: "ok"; end: number }
  | { kind: "truncated"; end: number }
  | { kind: "corrupt"; offset: number; message: string };

class Short {}
class Bad {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Reads commands from `data`, handing each to `onCommand` in order; `end` is the offset after the last complete command. */
export function scanAof(data: Uint8Array, onCommand: (cmd: AofCommand) => void): AofScan {
  let p = 0;
  let last = 0;
  /** A CRLF-terminated decimal (argument count or bulk length) at p. */
  const line = (what: string): number => {
    const nl = data.indexOf(0x0a, p);
    if (nl < 0) throw new Short();
    if (nl === p || data[nl - 1] !== 0x0d) throw new Bad(nl, `expected CRLF after ${what}`);
    if (nl - 1 === p) throw new Bad(p, `empty ${what}`);
    let n = 0;
    for (let i = p; i < nl - 1; i++) {
      const c = data[i]!;
      if (c < 0x30 || c > 0x39 || i - p > 15) throw new Bad(i, `invalid ${what}`);
      n = n * 10 + (c - 0x30);
    }
    p = nl + 1;
    return n;
  };
  try {
    while (p < data.length) {
      const offset = p;
      if (data[p] !== 0x2a) throw new Bad(p, `expected '*', got ${describe(data[p]!)}`);
      p++;
      const argc = line("argument count");
      if (argc < 1) throw new Bad(offset, "command with no arguments");
      const argv: Uint8Array[] = [];
      for (let i = 0; i < argc; i++) {
        if (p >= data.length) throw new Short();
        if (data[p] !== 0x24) throw new Bad(p, `expected '$', got ${describe(data[p]!)}`);
        p++;
        const len = line("bulk length");
        if (p + len + 2 > data.length) throw new Short();
        argv.push(data.slice(p, p + len));
        p += len;
        if (data[p] !== 0x0d || data[p + 1] !== 0x0a) throw new Bad(p, "expected CRLF after bulk string");
        p += 2;
      }
      onCommand({ argv, offset });
      last = p;
    }
    return { kind: "ok", end: p };
  } catch (e) {
    if (e instanceof Short) return { kind: "truncated", end: last };
    if (e instanceof Bad) return { kind: "corrupt", offset: e.offset, message: e.message };
    throw e;
  }
}

function describe(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, "0")}`;
}
