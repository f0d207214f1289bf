/**
 * `stringify`: JsonValue → RFC 8259 text that `parse` reads back to an equal
 * value, including `bigint`, `-0` and `__proto__` keys. Numbers are written as
 * JSON.stringify writes them, except `-0` and integer-valued doubles beyond
 * ±(2^53 − 1), which get an exponent (`1e+20`) so that `{ bigint: true }`
 * reads them back as numbers. Iterative, so any depth `parse` can build can
 * be written back without a stack overflow.
 */
import { JsonStringifyError } from "./errors.ts";
import { formatPointer } from "./pointer.ts";

/** Options for `stringify`. */
export interface StringifyOptions {
  /** Spaces (0–10) or a string (up to 10 characters) per level; 0 or "" writes compact JSON. Default 0. */
  indent?: number | string;
}

const NEEDS_ESCAPE = /["\\\x00-\x1f\ud800-\udfff]/;
const SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hex4(c: number): string {
  return "\\u" + c.toString(16).padStart(4, "0");
}

/** `s` as a JSON string literal: quotes, backslashes, control characters and unpaired surrogates escaped. */
export function quoteJson(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 34 || c === 92) rep = SHORT[s[i]!] ?? hex4(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = hex4(c);
    }
    if (rep === undefined) continue;
    out += s.slice(run, i) + rep;
    run = i + 1;
  }
  return out + s.slice(run) + '"';
}

function numberText(n: number, path: (string | number)[]): string {
  if (!Number.isFinite(n)) throw new JsonStringifyError("ERR_JSON_TYPE", `json: cannot stringify ${n} ${where(path)}: not a JSON number`);
  if (Object.is(n, -0)) return "-0";
  // An integer past 2^53 written as digits would come back as a bigint under { bigint: true }; an exponent keeps it a number.
  if (Number.isInteger(n) && (n > Number.MAX_SAFE_INTEGER || n < -Number.MAX_SAFE_INTEGER)) return n.toExponential();
  return String(n);
}

function where(path: (string | number)[]): string {
  return path.length === 0 ? "at the top level" : `at ${formatPointer(path)}`;
}

interface Frame {
  container: object;
  keys: string[] | undefined;
  length: number;
  index: number;
}

/**
 * Writes `value` as JSON text; throws `JsonStringifyError` for values JSON cannot hold.
 * @example stringify({ a: [1, 2n ** 64n] }, { indent: 2 })
 */
export function stringify(value: unknown, options: StringifyOptions = {}): string {
  const unit = typeof options.indent === "string" ? options.indent.slice(0, 10) : " ".repeat(Math.max(0, Math.min(10, Math.floor(options.indent ?? 0))));
  const colon = unit ? ": " : ":";
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  const onStack = new Set<object>();
  const newline = (depth: number) => (unit ? "\n" + unit.repeat(depth) : "");
  let out = "";
  let v: unknown = value;
  for (;;) {
    if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
      v = (v as { toJSON(key: string): unknown }).toJSON(String(path[path.length - 1] ?? ""));
    }
    switch (typeof v) {
      case "string":
        out += quoteJson(v);
        break;
      case "number":
        out += numberText(v, path);
        break;
      case "bigint":
      case "boolean":
        out += String(v);
        break;
      case "object":
        if (v === null) {
          out += "null";
          break;
        }
        if (onStack.has(v)) throw new JsonStringifyError("ERR_JSON_CYCLE", `json: cannot stringify a cycle ${where(path)}`);
        if (Array.isArray(v)) {
          if (v.length === 0) {
            out += "[]";
            break;
          }
          out += "[";
          stack.push({ container: v, keys: undefined, length: v.length, index: 0 });
        } else {
          const keys = Object.keys(v);
          if (keys.length === 0) {
            out += "{}";
            break;
          }
          out += "{";
          stack.push({ container: v, keys, length: keys.length, index: 0 });
        }
        onStack.add(v);
        path.push("");
        break;
      default:
        throw new JsonStringifyError("ERR_JSON_TYPE", `json: cannot stringify ${typeof v} ${where(path)}: not a JSON value`);
    }
    // Move to the next child, closing finished containers.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return out;
      if (top.index < top.length) {
        const i = top.index++;
        out += (i > 0 ? "," : "") + newline(stack.length);
        if (top.keys === undefined) {
          path[path.length - 1] = i;
          v = (top.container as unknown[])[i];
        } else {
          const key = top.keys[i]!;
          path[path.length - 1] = key;
          out += quoteJson(key) + colon;
          v = (top.container as Record<string, unknown>)[key];
        }
        break;
      }
      stack.pop();
      path.pop();
      onStack.delete(top.container);
      out += newline(stack.length) + (top.keys === undefined ? "]" : "}");
    }
  }
}
