/**
 * Git's colour specifications (color.c's color_parse_mem, git 2.39): words
 * "reset", up to two colours (foreground then background: the eight names,
 * "bright" ones, "default", "normal", 0–255, #rrggbb) and attributes (bold,
 * dim, italic, ul, blink, reverse, strike, each also with no/no-), turned
 * into the ANSI escape git writes.
 */

/** git's GIT_COLOR_RESET. */
export const COLOR_RESET = "\x1b[m";

const NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];
const ATTRS: Record<string, [number, number]> = { bold: [1, 22], dim: [2, 22], italic: [3, 23], ul: [4, 24], blink: [5, 25], reverse: [7, 27], strike: [9, 29] };

/** One colour word as its SGR parameters for the foreground (background adds 10), "" for "normal"; undefined when it is no colour. */
function parseOne(word: string): ((background: boolean) => string) | undefined {
  const w = word.toLowerCase();
  if (w === "normal") return () => "";
  const rgb = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(w);
  if (rgb) return (bg) => `${bg ? 48 : 38};2;${parseInt(rgb[1]!, 16)};${parseInt(rgb[2]!, 16)};${parseInt(rgb[3]!, 16)}`;
  const bright = w.startsWith("bright");
  const name = bright ? w.slice(6) : w;
  const base = bright ? 90 : 30;
  const k = NAMES.indexOf(name);
  if (k >= 0) return (bg) => String(base + k + (bg ? 10 : 0));
  if (name === "default") return (bg) => String(39 + (bg ? 10 : 0));
  if (!/^[+-]?\d+$/.test(word)) return undefined;
  const n = Number(word);
  if (n === -1) return () => "";
  if (n < 0 || n > 255) return undefined;
  if (n < 8) return (bg) => String(30 + n + (bg ? 10 : 0));
  if (n < 16) return (bg) => String(90 + n - 8 + (bg ? 10 : 0));
  return (bg) => `${bg ? 48 : 38};5;${n}`;
}

/** The ANSI escape for a colour specification ("" for nothing to change), or undefined when git rejects it. */
export function parseColor(value: string): string | undefined {
  let reset = false;
  const attrs = new Set<number>();
  const colors: ((background: boolean) => string)[] = [];
  for (const word of value.split(/[ \t\n\r]+/).filter(Boolean)) {
    if (word.toLowerCase() === "reset") {
      reset = true;
      continue;
    }
    const c = parseOne(word);
    if (c) {
      if (colors.length === 2) return undefined;
      colors.push(c);
      continue;
    }
    let name = word;
    let negate = false;
    if (name.startsWith("no")) {
      name = name.slice(name.startsWith("no-") ? 3 : 2);
      negate = true;
    }
    const a = ATTRS[name];
    if (!a) return undefined;
    attrs.add(a[negate ? 1 : 0]);
  }
  const parts = [...attrs].sort((x, y) => x - y).map(String);
  colors.forEach((c, k) => {
    const p = c(k === 1);
    if (p) parts.push(p);
  });
  if (!reset && parts.length === 0) return "";
  return `\x1b[${reset ? [""].concat(parts).join(";") : parts.join(";")}m`;
}
