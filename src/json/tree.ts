/**
 * The typed tree `gokit json` prints: every value with its type, one per
 * line, nested by indentation. Iterative, so deep documents cannot overflow
 * the stack.
 *
 * ```
 * {
 *   "name" (String): "Go"
 *   "features" (Array): [
 *     (String): "fast"
 *   ]
 * }
 * ```
 */
import { quoteJson } from "./stringify.ts";
import type { JsonValue } from "./types.ts";

/** Styling for the tree; identity functions by default. */
export interface TreeStyle {
  key?: (s: string) => string;
  type?: (s: string) => string;
}

/** The type name shown for a value: Object, Array, String, Number, Boolean or Null. */
export function typeName(v: JsonValue): string {
  if (v === null) return "Null";
  if (Array.isArray(v)) return "Array";
  switch (typeof v) {
    case "string":
      return "String";
    case "number":
    case "bigint":
      return "Number";
    case "boolean":
      return "Boolean";
    default:
      return "Object";
  }
}

function scalarText(v: JsonValue): string {
  if (typeof v === "string") return quoteJson(v);
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  return String(v);
}

interface Frame {
  entries: [string | undefined, JsonValue][];
  index: number;
  close: string;
}

function entriesOf(v: JsonValue): [string | undefined, JsonValue][] | undefined {
  if (Array.isArray(v)) return v.map((x) => [undefined, x]);
  if (v !== null && typeof v === "object") return Object.keys(v).map((k) => [k, v[k]!]);
  return undefined;
}

/**
 * Renders `value` as a typed tree (the lines after "Type: …").
 * @example typedTree({ a: [1] }) // → '{\n  "a" (Array): [\n    (Number): 1\n  ]\n}'
 */
export function typedTree(value: JsonValue, style: TreeStyle = {}): string {
  const key = style.key ?? ((s: string) => s);
  const type = style.type ?? ((s: string) => s);
  const root = entriesOf(value);
  if (root === undefined) return scalarText(value);
  const open = (v: JsonValue) => (Array.isArray(v) ? "[" : "{");
  const lines: string[] = [];
  if (root.length === 0) return Array.isArray(value) ? "[]" : "{}";
  lines.push(open(value));
  const stack: Frame[] = [{ entries: root, index: 0, close: Array.isArray(value) ? "]" : "}" }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const pad = "  ".repeat(stack.length);
    if (top.index >= top.entries.length) {
      stack.pop();
      lines.push("  ".repeat(stack.length) + top.close);
      continue;
    }
    const [k, v] = top.entries[top.index++]!;
    const label = (k === undefined ? "" : key(quoteJson(k)) + " ") + `(${type(typeName(v))}): `;
    const children = entriesOf(v);
    if (children === undefined) lines.push(pad + label + scalarText(v));
    else if (children.length === 0) lines.push(pad + label + (Array.isArray(v) ? "[]" : "{}"));
    else {
      lines.push(pad + label + open(v));
      stack.push({ entries: children, index: 0, close: Array.isArray(v) ? "]" : "}" });
    }
  }
  return lines.join("\n");
}
