/**
 * The line being edited at the sqlsh prompt, as pure key handling (no
 * terminal): ←/→, Home/End, Backspace/Delete, Ctrl-A/E/B/F/K/U/W, Alt-B/F and
 * Ctrl-←/→ by word, ↑/↓ (Ctrl-P/N) through history, Tab completion, and the
 * split of raw terminal input into keys. cmd/sqlsh-editor.ts drives it.
 */

/** What a key did to the line. */
export type KeyOutcome = "edit" | "submit" | "interrupt" | "eof" | "clear" | "list";

/** Completion candidates for the word before the cursor (case-insensitive prefix match is the caller's). */
export type Completer = (prefix: string) => string[];

/** The line being edited and the history it browses. */
export class LineState {
  text = "";
  cursor = 0;
  private index: number;
  private draft = "";

  /** After a Tab that had several candidates and nothing left to add: the candidates to show. */
  candidates: string[] = [];

  constructor(
    private readonly history: string[],
    private readonly completer?: Completer,
  ) {
    this.index = history.length;
  }

  /** Tab: completes the word before the cursor as far as every candidate agrees, readline-style. */
  private complete(): KeyOutcome {
    if (!this.completer) return "edit";
    let start = this.cursor;
    while (start > 0 && /[A-Za-z0-9_.]/.test(this.text[start - 1]!)) start--;
    const prefix = this.text.slice(start, this.cursor);
    if (prefix === "") return "edit";
    const matches = [...new Set(this.completer(prefix))].filter((m) => m.toLowerCase().startsWith(prefix.toLowerCase()));
    if (matches.length === 0) return "edit";
    let common = matches[0]!;
    for (const m of matches) {
      let i = 0;
      while (i < common.length && i < m.length && common[i]!.toLowerCase() === m[i]!.toLowerCase()) i++;
      common = common.slice(0, i);
    }
    // Keywords follow the case the user typed; names keep their own.
    const cased = /^[a-z_.0-9]+$/.test(prefix) && common === common.toUpperCase() ? common.toLowerCase() : common;
    const insert = matches.length === 1 ? `${cased} ` : cased;
    if (insert.length <= prefix.length && matches.length > 1) {
      this.candidates = matches.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
      return "list";
    }
    this.text = this.text.slice(0, start) + insert + this.text.slice(this.cursor);
    this.cursor = start + insert.length;
    return "edit";
  }

  private set(text: string): void {
    this.text = text;
    this.cursor = text.length;
  }

  /** The length of the character before `i` (2 for a surrogate pair). */
  private before(i: number): number {
    return i >= 2 && /[\udc00-\udfff]/.test(this.text[i - 1]!) && /[\ud800-\udbff]/.test(this.text[i - 2]!) ? 2 : 1;
  }

  /** The length of the character at `i`. */
  private at(i: number): number {
    return /[\ud800-\udbff]/.test(this.text[i] ?? "") && /[\udc00-\udfff]/.test(this.text[i + 1] ?? "") ? 2 : 1;
  }

  private wordLeft(): number {
    let i = this.cursor;
    while (i > 0 && /\s/.test(this.text[i - 1]!)) i--;
    while (i > 0 && !/\s/.test(this.text[i - 1]!)) i--;
    return i;
  }

  private wordRight(): number {
    let i = this.cursor;
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    while (i < this.text.length && !/\s/.test(this.text[i]!)) i++;
    return i;
  }

  private browse(step: -1 | 1): void {
    const next = this.index + step;
    if (next < 0 || next > this.history.length) return;
    if (this.index === this.history.length) this.draft = this.text;
    this.index = next;
    this.set(next === this.history.length ? this.draft : this.history[next]!);
  }

  /** Applies one key (as split by `splitKeys`). */
  apply(key: string): KeyOutcome {
    const t = this.text;
    const c = this.cursor;
    switch (key) {
      case "\r":
      case "\n":
        return "submit";
      case "\x03":
        return "interrupt";
      case "\x04":
        if (t === "") return "eof";
        this.text = t.slice(0, c) + t.slice(c + this.at(c));
        return "edit";
      case "\x7f":
      case "\x08":
        if (c > 0) {
          const n = this.before(c);
          this.text = t.slice(0, c - n) + t.slice(c);
          this.cursor -= n;
        }
        return "edit";
      case "\x1b[3~":
        this.text = t.slice(0, c) + t.slice(c + this.at(c));
        return "edit";
      case "\x01":
      case "\x1b[H":
      case "\x1bOH":
      case "\x1b[1~":
        this.cursor = 0;
        return "edit";
      case "\x05":
      case "\x1b[F":
      case "\x1bOF":
      case "\x1b[4~":
        this.cursor = t.length;
        return "edit";
      case "\x02":
      case "\x1b[D":
        if (c > 0) this.cursor -= this.before(c);
        return "edit";
      case "\x06":
      case "\x1b[C":
        if (c < t.length) this.cursor += this.at(c);
        return "edit";
      case "\x1bb":
      case "\x1b[1;5D":
        this.cursor = this.wordLeft();
        return "edit";
      case "\x1bf":
      case "\x1b[1;5C":
        this.cursor = this.wordRight();
        return "edit";
      case "\x0b":
        this.text = t.slice(0, c);
        return "edit";
      case "\x15":
        this.text = t.slice(c);
        this.cursor = 0;
        return "edit";
      case "\x17": {
        const from = this.wordLeft();
        this.text = t.slice(0, from) + t.slice(c);
        this.cursor = from;
        return "edit";
      }
      case "\x10":
      case "\x1b[A":
        this.browse(-1);
        return "edit";
      case "\x0e":
      case "\x1b[B":
        this.browse(1);
        return "edit";
      case "\x0c":
        return "clear";
      case "\t":
        return this.complete();
    }
    if (key.length === 0 || key.charCodeAt(0) < 0x20 || key.charCodeAt(0) === 0x7f || key[0] === "\x1b") return "edit"; // other control keys
    this.text = t.slice(0, c) + key + t.slice(c);
    this.cursor += key.length;
    return "edit";
  }
}

/**
 * Splits terminal input into keys: escape sequences (CSI `ESC [ … final`,
 * SS3 `ESC O x`, Alt-x `ESC x`) stay whole, runs of printable text are one
 * key. Returns the keys and any incomplete escape sequence left at the end.
 */
export function splitKeys(input: string): { keys: string[]; rest: string } {
  const keys: string[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === "\x1b") {
      if (i + 1 >= input.length) return { keys, rest: input.slice(i) };
      const next = input[i + 1]!;
      if (next === "[") {
        let j = i + 2;
        while (j < input.length && !/[@-~]/.test(input[j]!)) j++;
        if (j >= input.length) return { keys, rest: input.slice(i) };
        keys.push(input.slice(i, j + 1));
        i = j + 1;
      } else if (next === "O") {
        if (i + 2 >= input.length) return { keys, rest: input.slice(i) };
        keys.push(input.slice(i, i + 3));
        i += 3;
      } else {
        keys.push(input.slice(i, i + 2));
        i += 2;
      }
    } else if (ch < " " || ch === "\x7f") {
      keys.push(ch);
      i++;
    } else {
      let j = i + 1;
      while (j < input.length && input[j]! >= " " && input[j] !== "\x7f" && input[j] !== "\x1b") j++;
      keys.push(input.slice(i, j));
      i = j;
    }
  }
  return { keys, rest: "" };
}
