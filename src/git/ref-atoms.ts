/**
 * The %(atom) fields of git's ref formats (ref-filter.c, git 2.39), parsed:
 * each atom once with its modifiers (refname:short, objectname:short=N,
 * authoremail:trim, contents:lines=N, align:…, if:equals=…) and errors
 * worded as git's parse_ref_filter_atom and the atoms' own parsers word
 * them. ref-values.ts evaluates them per ref.
 */
import { parseColor } from "./color.ts";
import { fatal, GitError } from "./errors.ts";

/** A ref as the formats see it: its full name, the id it resolves to, and the ref it names when symbolic. */
export interface RefItem {
  refname: string;
  oid: string;
  symref?: string;
  /** The detached HEAD in a branch listing (refname "HEAD"): how refname atoms show it ("(HEAD detached at v1)"). */
  description?: string;
}

/** A parsed atom: its name (without `*`), whether it dereferences a tag, and its modifier as parsed. */
export interface Atom {
  /** The atom's whole text between "%(" and ")", as git's messages quote it. */
  text: string;
  name: string;
  deref: boolean;
  arg: string | undefined;
  /** Numeric atoms sort by number (git's FIELD_ULONG and FIELD_TIME). */
  numeric: boolean;
  /** refname-like atoms: how to show the name. */
  strip?: { kind: "short" | "lstrip" | "rstrip"; n: number };
  /** objectname/tree/parent: digits to show (undefined for the whole id, -1 for the default). */
  width?: number;
  /** contents: which part; lines: how many. */
  part?: string;
  lines?: number;
  /** authoremail etc.: "trim" or "localpart". */
  email?: string;
  /** upstream/push: track, trackshort, remotename or remoteref, and nobracket. */
  remote?: { show?: "track" | "trackshort" | "remotename" | "remoteref"; nobracket: boolean };
  /** if: the comparison. */
  compare?: { equal: boolean; value: string };
  /** color: the escape it writes when colours are on. */
  color?: string;
  /** align: width and position. */
  align?: { width: number; position: "left" | "middle" | "right" };
}

/** Atoms git 2.39 knows (valid_atom); those gokit does not evaluate are refused by name. */
const KNOWN = new Set([
  "refname", "objecttype", "objectsize", "deltabase", "objectname", "tree", "parent", "numparent", "object", "type", "tag",
  "author", "authorname", "authoremail", "authordate", "committer", "committername", "committeremail", "committerdate",
  "tagger", "taggername", "taggeremail", "taggerdate", "creator", "creatordate", "subject", "body", "trailers", "contents",
  "raw", "upstream", "push", "symref", "flag", "HEAD", "color", "worktreepath", "align", "end", "if", "then", "else", "rest",
]);
const UNSUPPORTED = new Set(["deltabase", "trailers", "raw"]);
const NUMERIC = new Set(["objectsize", "numparent", "authordate", "committerdate", "taggerdate", "creatordate"]);

/** strtol_i: an optionally signed decimal integer, the whole string. */
function integer(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** Parses the atom text between "%(" and ")" (git's parse_ref_filter_atom and the atom's own parser). */
export function parseAtom(textOf: string): Atom {
  const deref = textOf.startsWith("*");
  const body = deref ? textOf.slice(1) : textOf;
  const colon = body.indexOf(":");
  const name = colon < 0 ? body : body.slice(0, colon);
  const arg = colon < 0 ? undefined : body.slice(colon + 1);
  if (!KNOWN.has(name)) throw fatal(`unknown field name: ${textOf}`);
  if (name === "rest") throw fatal("this command reject atom %(rest)");
  if (UNSUPPORTED.has(name)) throw fatal(`gokit git for-each-ref does not support %(${name})`);
  const atom: Atom = { text: textOf, name, deref, arg, numeric: NUMERIC.has(name) };
  const unrecognized = () => fatal(`unrecognized %(${textOf}) argument: ${arg}`);
  switch (name) {
    case "refname":
    case "symref":
    case "upstream":
    case "push": {
      if (arg === undefined) break;
      const options = name === "upstream" || name === "push" ? arg.split(",") : [arg];
      for (const o of options) {
        if (o === "short") atom.strip = { kind: "short", n: 0 };
        else if (o.startsWith("lstrip=") || o.startsWith("strip=") || o.startsWith("rstrip=")) {
          const n = integer(o.slice(o.indexOf("=") + 1));
          const kind = o.startsWith("rstrip=") ? "rstrip" : "lstrip";
          if (n === undefined) throw fatal(`Integer value expected refname:${o}`);
          atom.strip = { kind, n };
        } else if ((name === "upstream" || name === "push") && /^(track|trackshort|nobracket|remotename|remoteref)$/.test(o)) {
          atom.remote ??= { nobracket: false };
          if (o === "nobracket") atom.remote.nobracket = true;
          else atom.remote.show = o as "track" | "trackshort" | "remotename" | "remoteref";
        }
        else throw unrecognized();
      }
      break;
    }
    case "objecttype":
      if (arg !== undefined) throw fatal("%(objecttype) does not take arguments");
      break;
    case "objectsize":
      if (arg === "disk") throw fatal("gokit git for-each-ref does not support %(objectsize:disk)");
      if (arg !== undefined) throw fatal(`unrecognized %(objectsize) argument: ${arg}`);
      break;
    case "objectname":
    case "tree":
    case "parent":
      if (arg === undefined) break;
      if (arg === "short") atom.width = -1;
      else if (arg.startsWith("short=")) {
        const n = integer(arg.slice(6));
        if (n === undefined || n <= 0) throw fatal(`positive value expected '${arg.slice(6)}' in %(${textOf})`);
        atom.width = Math.min(Math.max(n, 4), 40);
      } else throw unrecognized();
      break;
    case "authoremail":
    case "committeremail":
    case "taggeremail":
      if (arg === undefined) break;
      if (arg !== "trim" && arg !== "localpart") throw fatal(`unrecognized email option: ${arg}`);
      atom.email = arg;
      break;
    case "subject":
      if (arg !== undefined && arg !== "sanitize") throw fatal(`unrecognized %(subject) argument: ${arg}`);
      atom.part = arg === "sanitize" ? "sanitized" : "subject";
      break;
    case "body":
      if (arg !== undefined) throw fatal("%(body) does not take arguments");
      atom.part = "body-all";
      break;
    case "contents":
      if (arg === undefined) atom.part = "all";
      else if (arg === "subject" || arg === "body" || arg === "signature") atom.part = arg;
      else if (arg.startsWith("lines=")) {
        const n = integer(arg.slice(6));
        if (n === undefined || n < 0) throw fatal(`positive value expected contents:${arg}`);
        atom.part = "lines";
        atom.lines = n;
      } else if (arg.startsWith("trailers") || arg === "size") throw fatal(`gokit git for-each-ref does not support %(contents:${arg})`);
      else throw fatal(`unrecognized %(contents) argument: ${arg}`);
      break;
    case "if":
      if (arg === undefined) break;
      if (arg.startsWith("equals=")) atom.compare = { equal: true, value: arg.slice(7) };
      else if (arg.startsWith("notequals=")) atom.compare = { equal: false, value: arg.slice(10) };
      else throw fatal(`unrecognized %(if) argument: ${arg}`);
      break;
    case "color":
      if (!arg) throw fatal("expected format: %(color:<color>)");
      atom.color = parseColor(arg);
      if (atom.color === undefined) throw colorError(arg);
      break;
    case "align":
      atom.align = parseAlign(arg);
      break;
  }
  return atom;
}

/** git's color_parse refusal: its own error line, then the atom's. */
function colorError(arg: string): GitError {
  return new GitError(`error: invalid color value: ${arg}\nfatal: unrecognized color: %(color:${arg})`, 128);
}

/** %(align:…): comma-separated widths and positions, plain or as width=/position= (git's align_atom_parser; the last of each wins). */
function parseAlign(arg: string | undefined): { width: number; position: "left" | "middle" | "right" } {
  if (arg === undefined) throw fatal("expected format: %(align:<width>,<position>)");
  let width: number | undefined;
  let position: "left" | "middle" | "right" = "left";
  const isPosition = (v: string): v is "left" | "middle" | "right" => v === "left" || v === "middle" || v === "right";
  const unsigned = (v: string) => (/^\+?\d+$/.test(v.trim()) ? Number(v) : undefined);
  for (const part of arg.split(",")) {
    if (part.startsWith("position=")) {
      const v = part.slice(9);
      if (!isPosition(v)) throw fatal(`unrecognized position:${v}`);
      position = v;
    } else if (part.startsWith("width=")) {
      const n = unsigned(part.slice(6));
      if (n === undefined) throw fatal(`unrecognized width:${part.slice(6)}`);
      width = n;
    } else if (unsigned(part) !== undefined) width = unsigned(part);
    else if (isPosition(part)) position = part;
    else throw fatal(`unrecognized %(align) argument: ${part}`);
  }
  if (width === undefined) throw fatal("positive width expected with the %(align) atom");
  return { width, position };
}
