/**
 * POSIX regular expressions as git compiles them (regcomp with REG_NEWLINE,
 * glibc's GNU extensions), translated to JavaScript RegExp: basic (BRE, git's
 * default for --grep and --author) or extended (ERE: -E, -G, --pickaxe-regex).
 * Bracket expressions with [:class:], [.c.] and [=c=], a backslash literal
 * inside brackets, \< \> \b \B \w \W \s \S and back-references; with
 * REG_NEWLINE, `.` and a non-matching list never match a newline, and ^ and $
 * match at line boundaries. A pattern glibc refuses gets glibc's message.
 */
import { fatal } from "./errors.ts";

/** The character classes of [:name:], as JavaScript class contents. */
const CLASSES: Record<string, string> = {
  alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", space: " \\t\\n\\r\\f\\v",
  blank: " \\t", punct: "!-\\/:-@\\[-`{-~", print: " -~", graph: "!-~", cntrl: "\\x00-\\x1f\\x7f", xdigit: "0-9A-Fa-f",
};

/** glibc's messages for the patterns it refuses. */
const MESSAGES = {
  paren: "Unmatched ( or \\(",
  closeParen: "Unmatched ) or \\)",
  bracket: "Unmatched [, [^, [:, [., or [=",
  brace: "Unmatched \\{",
  content: "Invalid content of \\{\\}",
  class: "Invalid character class name",
  backref: "Invalid back reference",
  preceding: "Invalid preceding regular expression",
  trailing: "Trailing backslash",
  range: "Invalid range end",
};

/** Escapes one character for use outside a JavaScript class. */
const literal = (c: string) => (/[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c);
/** Escapes one character for use inside a JavaScript class. */
const classLiteral = (c: string) => (/[\\\]\[^-]/.test(c) ? `\\${c}` : c);

/** Thrown for a pattern glibc refuses; git prints "fatal: invalid regex: <message>". */
class InvalidRegex extends Error {}

/** Translates a bracket expression starting at `i` (just after "["); returns the class and the index after "]". */
function bracket(p: string, i: number): [string, number] {
  let out = "[";
  if (p[i] === "^") {
    out += "^\\n";
    i++;
  }
  let first = true;
  const items: string[] = [];
  while (i < p.length && (p[i] !== "]" || first)) {
    first = false;
    let item: string;
    if (p[i] === "[" && (p[i + 1] === ":" || p[i + 1] === "." || p[i + 1] === "=")) {
      const kind = p[i + 1]!;
      const end = p.indexOf(`${kind}]`, i + 2);
      if (end < 0) throw new InvalidRegex(MESSAGES.bracket);
      const name = p.slice(i + 2, end);
      i = end + 2;
      if (kind === ":") {
        const cls = CLASSES[name];
        if (cls === undefined) throw new InvalidRegex(MESSAGES.class);
        items.push(cls);
        continue;
      }
      item = name;
    } else item = p[i++]!;
    // A range a-b (a '-' last or first is literal).
    if (p[i] === "-" && p[i + 1] !== undefined && p[i + 1] !== "]") {
      const to = p[i + 1]!;
      if (to < item) throw new InvalidRegex(MESSAGES.range);
      items.push(`${classLiteral(item)}-${classLiteral(to)}`);
      i += 2;
    } else items.push(classLiteral(item));
  }
  if (i >= p.length) throw new InvalidRegex(MESSAGES.bracket);
  return [out + items.join("") + "]", i + 1];
}

/**
 * The JavaScript source of a POSIX pattern. A repetition applies to the last
 * atom: at the start of the pattern (or a group or branch) a BRE's is
 * literal and an ERE's an error; a second one in a row is an error in a BRE
 * and repeats the repetition in an ERE (a+* is (a+)*).
 */
function translate(p: string, extended: boolean): string {
  let out = "";
  let groups = 0;
  const open: number[] = [];
  // Where the last atom starts in `out` (-2: none, at the start of the pattern, a group or a branch; -1: none, after an anchor), and whether a repetition followed it.
  let atom = -2;
  let repeated = false;
  const emitAtom = (source: string, start = out.length) => {
    out += source;
    atom = start;
    repeated = false;
  };
  const start = (anchor = false) => {
    atom = anchor ? -1 : -2;
    repeated = false;
  };
  /** Applies a repetition; false when there is no atom (the caller decides what that means). */
  const repeat = (q: string): boolean => {
    if (atom < 0) return false;
    if (repeated) {
      if (!extended) throw new InvalidRegex(MESSAGES.preceding);
      out = `${out.slice(0, atom)}(?:${out.slice(atom)})`;
    }
    out += q;
    repeated = true;
    return true;
  };
  // glibc reads {,n} as {0,n} (and {,} as {0,}).
  const interval = (body: string) => {
    if (body === "" || !/^\d*(,\d*)?$/.test(body)) throw new InvalidRegex(MESSAGES.content);
    const [lo = "", hi] = body.split(",");
    if (hi && Number(hi) < Number(lo)) throw new InvalidRegex(MESSAGES.content);
    if (!repeat(`{${lo || "0"}${hi === undefined ? "" : `,${hi}`}}`)) throw new InvalidRegex(MESSAGES.preceding);
  };
  const group = () => {
    open.push(out.length);
    out += "(";
    groups++;
    start();
  };
  const close = () => {
    const at = open.pop();
    if (at === undefined) throw new InvalidRegex(MESSAGES.closeParen);
    emitAtom(")", at);
  };
  const branch = () => {
    out += "|";
    start();
  };
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === "\\") {
      const n = p[i + 1];
      if (n === undefined) throw new InvalidRegex(MESSAGES.trailing);
      i += 2;
      if (!extended && n === "(") group();
      else if (!extended && n === ")") close();
      else if (!extended && n === "|") branch();
      else if (!extended && (n === "+" || n === "?")) {
        if (!repeat(n)) emitAtom(literal(n));
      } else if (!extended && n === "{") {
        const end = p.indexOf("\\}", i);
        if (end < 0) throw new InvalidRegex(MESSAGES.brace);
        interval(p.slice(i, end));
        i = end + 2;
      } else if (n === "<") emitAtom("\\b(?=\\w)");
      else if (n === ">") emitAtom("\\b(?<=\\w)");
      else if ("bBwWsS".includes(n)) emitAtom(`\\${n}`);
      else if (/[1-9]/.test(n)) {
        if (Number(n) > groups) throw new InvalidRegex(MESSAGES.backref);
        emitAtom(`\\${n}`);
      } else emitAtom(literal(n));
      continue;
    }
    i++;
    if (c === "[") {
      const [cls, next] = bracket(p, i);
      emitAtom(cls);
      i = next;
    } else if (c === ".") emitAtom("[^\\n]");
    else if (c === "^") {
      // In a BRE, ^ is an anchor only at a start; an anchor takes no repetition.
      if (extended || atom === -2) {
        out += "^";
        start(true);
      } else emitAtom("\\^");
    } else if (c === "$") {
      if (extended || i === p.length || p.startsWith("\\)", i) || p.startsWith("\\|", i)) {
        out += "$";
        start(true);
      } else emitAtom("\\$");
    } else if (c === "*" || (extended && (c === "+" || c === "?"))) {
      if (!repeat(c)) {
        if (extended) throw new InvalidRegex(MESSAGES.preceding);
        emitAtom("\\*");
      }
    } else if (extended && c === "{") {
      // An ERE's "{" always opens an interval: it needs an atom before it and a "}" after.
      if (atom < 0) throw new InvalidRegex(MESSAGES.preceding);
      const end = p.indexOf("}", i);
      if (end < 0) throw new InvalidRegex(MESSAGES.brace);
      interval(p.slice(i, end));
      i = end + 1;
    } else if (extended && c === "(") group();
    else if (extended && c === ")" && open.length) close();
    else if (extended && c === "|") branch();
    else emitAtom(literal(c));
  }
  if (open.length) throw new InvalidRegex(MESSAGES.paren);
  return out;
}

/** Options of compilePosix. */
export interface PosixOptions {
  extended?: boolean;
  ignoreCase?: boolean;
  /** -F: the pattern is a fixed string. */
  fixed?: boolean;
}

/**
 * Compiles a POSIX pattern as git does (REG_NEWLINE). For one glibc refuses,
 * git's fatal error: `invalid regex: <why>` by default (-G), or what `error`
 * makes of glibc's message (--grep: "command line, '<pattern>': <why>").
 */
export function compilePosix(pattern: string, options: PosixOptions = {}, error = (why: string) => `invalid regex: ${why}`): RegExp {
  const flags = options.ignoreCase ? "mi" : "m";
  if (options.fixed) return new RegExp([...pattern].map(literal).join(""), flags);
  try {
    return new RegExp(translate(pattern, options.extended ?? false), flags);
  } catch (e) {
    throw fatal(error((e as Error).message));
  }
}
