/** A list of header (or trailer) field lines, looked up case-insensitively (RFC 9110 §5.1). */

/** The arrays of a lazy list, never written (materialising replaces them). */
const NONE: string[] = [];

/**
 * Field lines in arrival order. Names are compared in lower case; `get` joins
 * repeated lines with ", " (RFC 9110 §5.3), except Set-Cookie, joined with "\n"
 * being unsafe, whose first value is returned.
 *
 * A list made by {@link FieldList.lazy} holds only offsets into the head it
 * was parsed from: `get` and `has` read it in place, and name and value
 * strings are cut only for fields someone asks for.
 */
export class FieldList {
  #names: string[];
  #lower: string[];
  #values: string[];
  /** The lazy form: `#src` with [nameStart, nameEnd, valueStart, valueEnd] per line, or null once materialised. */
  #src = "";
  #offs: number[] | null = null;

  /** An empty list. (`src` and `offs` are {@link FieldList.lazy}'s.) */
  constructor(src?: string, offs?: number[]) {
    if (offs !== undefined) {
      this.#names = this.#lower = this.#values = NONE;
      this.#src = src!;
      this.#offs = offs;
    } else {
      this.#names = [];
      this.#lower = [];
      this.#values = [];
    }
  }

  /**
   * A list over lines of `src`: `offs` holds [nameStart, nameEnd, valueStart,
   * valueEnd] per line; names must be tokens (ASCII) and values already checked.
   */
  static lazy(src: string, offs: number[]): FieldList {
    return new FieldList(src, offs);
  }

  /** Number of field lines. */
  get size(): number {
    return this.#offs === null ? this.#names.length : this.#offs.length >> 2;
  }

  /** Appends a line; `lower` may be given when the caller already has it. */
  add(name: string, value: string, lower: string = name.toLowerCase()): void {
    if (this.#offs !== null) this.#materialise();
    this.#names.push(name);
    this.#lower.push(lower);
    this.#values.push(value);
  }

  /** The combined value of every line named `name`; undefined when absent. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    const offs = this.#offs;
    let out: string | undefined;
    if (offs !== null) {
      for (let i = 0; i < offs.length; i += 4) {
        if (!this.#nameIs(i, key)) continue;
        const v = this.#src.slice(offs[i + 2]!, offs[i + 3]!);
        if (out === undefined) out = v;
        else if (key === "set-cookie") return out;
        else out = `${out}, ${v}`;
      }
      return out;
    }
    for (let i = 0; i < this.#lower.length; i++) {
      if (this.#lower[i] !== key) continue;
      if (out === undefined) out = this.#values[i]!;
      else if (key === "set-cookie") return out;
      else out = `${out}, ${this.#values[i]!}`;
    }
    return out;
  }

  /** Every value of lines named `name`, in order. */
  getAll(name: string): string[] {
    if (this.#offs !== null) this.#materialise();
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.#lower.length; i++) if (this.#lower[i] === key) out.push(this.#values[i]!);
    return out;
  }

  /** Number of lines named `name` (already lower case). */
  countLower(key: string): number {
    if (this.#offs !== null) this.#materialise();
    let n = 0;
    for (let i = 0; i < this.#lower.length; i++) if (this.#lower[i] === key) n++;
    return n;
  }

  /** True when a line named `name` is present. */
  has(name: string): boolean {
    const offs = this.#offs;
    if (offs === null) return this.#lower.includes(name.toLowerCase());
    const key = name.toLowerCase();
    for (let i = 0; i < offs.length; i += 4) if (this.#nameIs(i, key)) return true;
    return false;
  }

  /** [name as sent, value] pairs in order. */
  *entries(): IterableIterator<[string, string]> {
    if (this.#offs !== null) this.#materialise();
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i]!, this.#values[i]!];
  }

  /** True when the name of the line at `i` (offset index), in ASCII lower case, is `key`. */
  #nameIs(i: number, key: string): boolean {
    const offs = this.#offs!;
    const from = offs[i]!;
    if (offs[i + 1]! - from !== key.length) return false;
    const s = this.#src;
    for (let k = 0; k < key.length; k++) {
      let c = s.charCodeAt(from + k);
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c !== key.charCodeAt(k)) return false;
    }
    return true;
  }

  #materialise(): void {
    const offs = this.#offs!;
    const s = this.#src;
    this.#offs = null;
    this.#src = "";
    this.#names = [];
    this.#lower = [];
    this.#values = [];
    for (let i = 0; i < offs.length; i += 4) {
      const name = s.slice(offs[i]!, offs[i + 1]!);
      this.#names.push(name);
      this.#lower.push(name.toLowerCase());
      this.#values.push(s.slice(offs[i + 2]!, offs[i + 3]!));
    }
  }
}
