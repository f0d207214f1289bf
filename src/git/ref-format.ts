/**
 * Git's ref formats and sort keys (ref-filter.c, git 2.39), for
 * for-each-ref and, later, `branch`/`tag --format/--sort`: a format string
 * of literal text (with %% and %XX escapes) and %(atom)s, with
 * %(if)…%(then)…%(else)…%(end) and %(align:…)…%(end) blocks, optionally
 * quoted for a shell, perl, python or tcl; sort keys with `-` for
 * descending and `version:` for version order, the last key primary and
 * the ref name breaking ties.
 *
 * @example
 * const format = RefFormat.parse("%(refname:short) %(objectname:short)");
 * const objects = new RefObjects(repo);
 * for (const ref of sortRefs(objects, refs, [parseRefSort("-committerdate")])) print(format.render(objects, ref));
 */
import { COLOR_RESET } from "./color.ts";
import { fatal, GitError } from "./errors.ts";
import { parseAtom, type Atom, type RefItem } from "./ref-atoms.ts";
import { atomValue, RefObjects } from "./ref-values.ts";

export type { RefItem } from "./ref-atoms.ts";
export { RefObjects } from "./ref-values.ts";

/** How --shell, --perl, --python and --tcl quote each atom's value. */
export type QuoteStyle = "shell" | "perl" | "python" | "tcl";

/** A format whose "%(" has no closing ")": git reports it and shows the command's usage. */
export class MalformedFormatError extends GitError {
  constructor(readonly at: string) {
    super(`error: malformed format string ${at}`, 129);
  }
}

type Token = { literal: string } | { atom: Atom };

/** git's append_literal: "%%" is one "%", "%XX" the byte with that hex value, any other "%" itself. */
function literal(s: string): string {
  return s.replace(/%(%|[0-9a-fA-F]{2})/g, (_, x: string) => (x === "%" ? "%" : String.fromCharCode(parseInt(x, 16))));
}

/** A value quoted as git's quote_formatting does for each style. */
export function quoteValue(s: string, style: QuoteStyle | undefined): string {
  switch (style) {
    case undefined:
      return s;
    case "shell":
      return `'${s.replace(/['!]/g, (c) => `'\\${c}'`)}'`;
    case "perl":
      return `'${s.replace(/['\\]/g, (c) => `\\${c}`)}'`;
    case "python":
      return `'${s.replace(/['\\\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`))}'`;
    case "tcl": {
      const esc: Record<string, string> = { "\f": "\\f", "\r": "\\r", "\n": "\\n", "\t": "\\t", "\v": "\\v" };
      return `"${s.replace(/[[\]{}$\\"\f\r\n\t\v]/g, (c) => esc[c] ?? `\\${c}`)}"`;
    }
  }
}

/** One level of the formatting stack: the base, or an open %(if) / %(align) block. */
interface Frame {
  out: string;
  atom?: Atom;
  cond?: { then: boolean; else: boolean; satisfied: boolean };
  /** The %(else) branch's frame points at its %(if) frame. */
  elseOf?: Frame;
}

/** Display width of a string (each code point one column; git counts East Asian wide characters as two). */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** strbuf_utf8_align. */
function align(s: string, a: NonNullable<Atom["align"]>): string {
  const w = width(s);
  if (w >= a.width) return s;
  const pad = a.width - w;
  if (a.position === "left") return s + " ".repeat(pad);
  if (a.position === "right") return " ".repeat(pad) + s;
  const left = Math.floor(pad / 2);
  return " ".repeat(left) + s + " ".repeat(pad - left);
}

/** A parsed ref format. */
export class RefFormat {
  private constructor(
    readonly tokens: Token[],
    /** Whether %(color:…) writes its escape (--color); a line whose last colour is not "reset" then ends with one. */
    readonly color: boolean,
  ) {}

  /** git's default for-each-ref format. */
  static readonly DEFAULT = "%(objectname) %(objecttype)\t%(refname)";

  /** Parses `format`, failing as git's verify_ref_format does (unknown atoms, bad modifiers, a missing ")"). */
  static parse(format: string, options: { color?: boolean } = {}): RefFormat {
    const tokens: Token[] = [];
    let at = 0;
    while (at < format.length) {
      let sp = -1;
      for (let k = at; k < format.length; k++) {
        if (format[k] !== "%") continue;
        if (format[k + 1] === "(") {
          sp = k;
          break;
        }
        if (format[k + 1] === "%") k++;
      }
      if (sp < 0) break;
      const ep = format.indexOf(")", sp);
      if (ep < 0) throw new MalformedFormatError(format.slice(sp));
      if (sp > at) tokens.push({ literal: literal(format.slice(at, sp)) });
      tokens.push({ atom: parseAtom(format.slice(sp + 2, ep)) });
      at = ep + 1;
    }
    if (at < format.length) tokens.push({ literal: literal(format.slice(at)) });
    return new RefFormat(tokens, options.color === true);
  }

  /** The atoms the format uses (to know what a caller must compute). */
  get atoms(): Atom[] {
    return this.tokens.flatMap((t) => ("atom" in t ? [t.atom] : []));
  }

  /** The format filled in for one ref (git's format_ref_array_item), each value quoted in `quote` style. */
  render(objects: RefObjects, item: RefItem, quote?: QuoteStyle): string {
    const stack: Frame[] = [{ out: "" }];
    const top = () => stack[stack.length - 1]!;
    const formatError = (msg: string) => fatal(`format: ${msg}`);
    for (const t of this.tokens) {
      if ("literal" in t) {
        top().out += t.literal;
        continue;
      }
      const atom = t.atom;
      const cur = top();
      switch (atom.name) {
        case "if":
          stack.push({ out: "", atom, cond: { then: false, else: false, satisfied: false } });
          continue;
        case "align":
          stack.push({ out: "", atom });
          continue;
        case "then": {
          // The %(else) branch shares its %(if)'s state (git copies at_end_data).
          const c = (cur.elseOf ?? cur).cond;
          if (!c) throw formatError("%(then) atom used without a %(if) atom");
          if (c.then) throw formatError("%(then) atom used more than once");
          if (c.else) throw formatError("%(then) atom used after %(else)");
          c.then = true;
          const cmp = cur.atom?.compare;
          c.satisfied = cmp ? (cur.out === cmp.value) === cmp.equal : cur.out.trim() !== "";
          cur.out = "";
          continue;
        }
        case "else": {
          const ifFrame = cur.elseOf ?? cur;
          const c = ifFrame.cond;
          if (!c) throw formatError("%(else) atom used without a %(if) atom");
          if (!c.then) throw formatError("%(else) atom used without a %(then) atom");
          if (c.else || cur.elseOf) throw formatError("%(else) atom used more than once");
          c.else = true;
          stack.push({ out: "", elseOf: cur });
          continue;
        }
        case "end": {
          if (stack.length === 1) throw formatError("%(end) atom used without corresponding atom");
          let block = stack.pop()!;
          if (block.elseOf) {
            // The %(else) branch replaces the %(then) one unless the condition held.
            const ifFrame = stack.pop()!;
            if (!ifFrame.cond!.satisfied) ifFrame.out = block.out;
            block = ifFrame;
          } else if (block.cond) {
            if (!block.cond.then) throw formatError("%(if) atom used without a %(then) atom");
            if (!block.cond.satisfied) block.out = "";
          } else block.out = align(block.out, block.atom!.align!);
          top().out += stack.length === 1 ? quoteValue(block.out, quote) : block.out;
          continue;
        }
      }
      const v = atom.name === "color" ? (this.color ? atom.color! : "") : atomValue(objects, item, atom).s;
      cur.out += stack.length === 1 ? quoteValue(v, quote) : v;
    }
    if (stack.length > 1) throw formatError("%(end) atom missing");
    const colors = this.atoms.filter((a) => a.name === "color");
    if (this.color && colors.length && colors[colors.length - 1]!.arg !== "reset") stack[0]!.out += quoteValue(COLOR_RESET, quote);
    return stack[0]!.out;
  }
}

/** One sort key: the atom, descending, version order. */
export interface RefSortKey {
  atom: Atom;
  reverse: boolean;
  version: boolean;
}

/** Parses a --sort key ("-committerdate", "version:refname", "v:refname"). */
export function parseRefSort(key: string): RefSortKey {
  let k = key;
  const reverse = k.startsWith("-");
  if (reverse) k = k.slice(1);
  let version = false;
  for (const p of ["version:", "v:"]) {
    if (k.startsWith(p)) {
      version = true;
      k = k.slice(p.length);
      break;
    }
  }
  return { atom: parseAtom(k), reverse, version };
}

/** Byte order (strcmp) or ASCII case-insensitive order (strcasecmp). */
function compareStrings(a: string, b: string, ignoreCase: boolean): number {
  if (ignoreCase) {
    a = a.replace(/[A-Z]/g, (c) => c.toLowerCase());
    b = b.replace(/[A-Z]/g, (c) => c.toLowerCase());
  }
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/**
 * `items` in the order of `keys` (the last key primary, as given on the
 * command line; refname when there are none), ties broken by the ref name.
 */
export function sortRefs(objects: RefObjects, items: RefItem[], keys: RefSortKey[], options: { ignoreCase?: boolean } = {}): RefItem[] {
  const order = keys.length ? [...keys].reverse() : [parseRefSort("refname")];
  const ignoreCase = options.ignoreCase === true;
  const values = new Map<RefItem, { s: string; n: number }[]>();
  for (const item of items) values.set(item, order.map((k) => atomValue(objects, item, k.atom)));
  return [...items].sort((a, b) => {
    const va = values.get(a)!;
    const vb = values.get(b)!;
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      let cmp: number;
      if (k.version) cmp = versionCompare(va[i]!.s, vb[i]!.s);
      else if (k.atom.numeric) cmp = va[i]!.n < vb[i]!.n ? -1 : va[i]!.n > vb[i]!.n ? 1 : 0;
      else cmp = compareStrings(va[i]!.s, vb[i]!.s, ignoreCase);
      if (cmp) return k.reverse ? -cmp : cmp;
    }
    return compareStrings(a.refname, b.refname, ignoreCase);
  });
}

/**
 * git's versioncmp (glibc's strverscmp without versionsort.suffix): digit
 * runs compare as numbers, runs with leading zeros as fractional parts.
 */
export function versionCompare(s1: string, s2: string): number {
  const S_N = 0;
  const S_I = 3;
  const S_F = 6;
  const S_Z = 9;
  const CMP = 2;
  const LEN = 3;
  const nextState = [S_N, S_I, S_Z, S_N, S_I, S_I, S_N, S_F, S_F, S_N, S_F, S_Z];
  const resultType = [CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP, CMP, -1, -1, 1, LEN, LEN, 1, LEN, LEN, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, 1, 1, -1, CMP, CMP, -1, CMP, CMP];
  const p1 = Buffer.from(s1 + "\0");
  const p2 = Buffer.from(s2 + "\0");
  const isDigit = (c: number) => c >= 48 && c <= 57;
  const cls = (c: number) => (c === 48 ? 1 : 0) + (isDigit(c) ? 1 : 0);
  let i = 0;
  let c1 = p1[i]!;
  let c2 = p2[i]!;
  i++;
  let state = S_N + cls(c1);
  let diff: number;
  while ((diff = c1 - c2) === 0) {
    if (c1 === 0) return diff;
    state = nextState[state]!;
    c1 = p1[i]!;
    c2 = p2[i]!;
    i++;
    state += cls(c1);
  }
  state = resultType[state * 3 + cls(c2)]!;
  if (state === CMP) return diff;
  if (state === LEN) {
    let j = i;
    while (isDigit(p1[j++]!)) if (!isDigit(p2[j - 1]!)) return 1;
    return isDigit(p2[j - 1]!) ? -1 : diff;
  }
  return state;
}
