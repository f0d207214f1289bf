/** A list of header (or trailer) field lines, looked up case-insensitively (RFC 9110 §5.1). */

/**
 * Field lines in arrival order. Names are compared in lower case; `get` joins
 * repeated lines with ", " (RFC 9110 §5.3), except Set-Cookie, joined with "\n"
 * being unsafe, whose first value is returned.
 */
export class FieldList {
  readonly #names: string[] = [];
  readonly #lower: string[] = [];
  readonly #values: string[] = [];

  /** Number of field lines. */
  get size(): number {
    return this.#names.length;
  }

  /** Appends a line; `lower` may be given when the caller already has it. */
  add(name: string, value: string, lower: string = name.toLowerCase()): void {
    this.#names.push(name);
    this.#lower.push(lower);
    this.#values.push(value);
  }

  /** The combined value of every line named `name`; undefined when absent. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    let out: string | undefined;
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
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.#lower.length; i++) if (this.#lower[i] === key) out.push(this.#values[i]!);
    return out;
  }

  /** Number of lines named `name` (already lower case). */
  countLower(key: string): number {
    let n = 0;
    for (let i = 0; i < this.#lower.length; i++) if (this.#lower[i] === key) n++;
    return n;
  }

  /** True when a line named `name` is present. */
  has(name: string): boolean {
    return this.#lower.includes(name.toLowerCase());
  }

  /** [name as sent, value] pairs in order. */
  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i]!, this.#values[i]!];
  }
}
