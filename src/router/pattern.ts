/**
 * Route patterns: `/users/:id` (a parameter spans one whole segment),
 * `/static/*filepath` (a catch-all, last, takes the rest of the path, possibly
 * empty). A `:` or `*` inside a segment is literal text. Patterns are matched
 * against the still-encoded path, so static text is written percent-encoded.
 */
import { RouteError } from "./errors.ts";

/** One piece of a parsed pattern. */
export type Piece =
  | { kind: "static"; text: string }
  | { kind: "param"; name: string }
  | { kind: "catchAll"; name: string };

/** The most parameters one route may declare. */
export const MAX_PARAMS = 32;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(method: string, pattern: string, why: string): never {
  throw new RouteError("ERR_ROUTE_PATTERN", `router: ${method} "${pattern}": ${why}`);
}

/** Splits `pattern` into static text, parameters and a final catch-all; throws RouteError when invalid. */
export function parsePattern(method: string, pattern: string): Piece[] {
  if (!pattern.startsWith("/")) fail(method, pattern, "pattern must begin with '/'");
  if (/[?#\s]/.test(pattern)) fail(method, pattern, "pattern must not contain '?', '#' or whitespace");
  const pieces: Piece[] = [];
  const names = new Set<string>();
  let text = "";
  const segments = pattern.slice(1).split("/");
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    text += "/";
    const sigil = seg.charCodeAt(0);
    if (sigil !== 0x3a && sigil !== 0x2a) {
      text += seg;
      continue;
    }
    const name = seg.slice(1);
    if (name === "") fail(method, pattern, `${seg[0]} must be followed by a name`);
    if (!NAME.test(name)) fail(method, pattern, `invalid parameter name "${name}"`);
    if (names.has(name)) fail(method, pattern, `duplicate parameter name "${name}"`);
    names.add(name);
    pieces.push({ kind: "static", text });
    text = "";
    if (sigil === 0x2a) {
      if (s !== segments.length - 1) fail(method, pattern, `catch-all "*${name}" must be the last segment`);
      pieces.push({ kind: "catchAll", name });
    } else {
      pieces.push({ kind: "param", name });
    }
  }
  if (text !== "") pieces.push({ kind: "static", text });
  if (names.size > MAX_PARAMS) fail(method, pattern, `more than ${MAX_PARAMS} parameters`);
  return pieces;
}
