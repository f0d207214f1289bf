/**
 * Display width: how many terminal columns a string occupies. ANSI escape
 * sequences take none, combining marks and other zero-width characters take
 * none, East Asian Wide/Fullwidth characters (UAX #11) and emoji presentation
 * sequences (UTS #51) take two, everything else one. Width is measured per
 * extended grapheme cluster (UAX #29), so a base letter with its combining
 * marks, a ZWJ emoji sequence or a flag counts once.
 */

/** CSI sequences (ESC [ … final byte) and OSC sequences (ESC ] … BEL or ESC \). */
const ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;

/** SGR sequences only (ESC [ params m): the escapes that style text without moving the cursor. */
const SGR = /^\x1b\[[0-9;:]*m$/;

/** East Asian Wide (W) and Fullwidth (F) code point ranges, UAX #11, excluding emoji (handled by property). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
  [0x3400, 0x4dbf], // CJK unified ideographs extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi syllables and radicals
  [0xa960, 0xa97f], // Hangul Jamo extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x16fe4], // ideographic symbols and punctuation
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x2fffd], // CJK extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G–H
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cc}\p{Cf}\u1160-\u11ff\u200b]/u;
const EMOJI = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\p{Extended_Pictographic}\uFE0F|\u20E3/u;

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = WIDE[mid]!;
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The display width of one grapheme cluster (no escapes inside). */
function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (g.includes("\uFE0E")) return isWide(g.codePointAt(0)!) ? 2 : 1; // text presentation selector
  if (EMOJI.test(g)) return 2;
  return isWide(g.codePointAt(0)!) ? 2 : 1;
}

/** One piece of a string: an escape sequence (width 0) or a grapheme cluster. */
export type Segment = { kind: "escape"; text: string } | { kind: "grapheme"; text: string; width: number };

// Created on first use: constructing it loads ICU data (about a millisecond), which ASCII-only output never needs.
let segmenter: Intl.Segmenter | undefined;

/** Splits `s` into escape sequences and grapheme clusters with their display widths. */
export function segments(s: string): Segment[] {
  const out: Segment[] = [];
  let plainStart = 0;
  const flush = (end: number) => {
    if (end <= plainStart) return;
    segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (const { segment } of segmenter.segment(s.slice(plainStart, end))) {
      out.push({ kind: "grapheme", text: segment, width: graphemeWidth(segment) });
    }
  };
  for (let i = s.indexOf("\x1b"); i !== -1; i = s.indexOf("\x1b", i + 1)) {
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(s);
    if (m === null) continue;
    flush(i);
    out.push({ kind: "escape", text: m[0] });
    plainStart = i + m[0].length;
    i = plainStart - 1;
  }
  flush(s.length);
  return out;
}

/** Reports whether `escape` is an SGR (colour/style) sequence. */
export function isSgr(escape: string): boolean {
  return SGR.test(escape);
}

/**
 * Printable ASCII (U+0020–U+007E): one column per character, nothing to
 * escape. The fast path for the usual table cell; a regex rather than a loop
 * over the characters because the engine's compiled matcher is faster in
 * code that runs once per start.
 */
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Returns the number of terminal columns `s` occupies.
 * @example displayWidth("日本") // 4
 */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  let w = 0;
  for (const seg of segments(s)) if (seg.kind === "grapheme") w += seg.width;
  return w;
}

/**
 * Shortens `s` to at most `width` columns, ending it with "…" when cut.
 * Escape sequences are kept, and a reset is appended if styling was cut off.
 * @example truncate("Learning Go", 8) // "Learnin…"
 */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return "";
  const budget = width - 1; // one column for the ellipsis
  let used = 0;
  let out = "";
  let styled = false;
  for (const seg of segments(s)) {
    if (seg.kind === "escape") {
      out += seg.text;
      if (isSgr(seg.text)) styled = true;
      continue;
    }
    if (used + seg.width > budget) break;
    out += seg.text;
    used += seg.width;
  }
  return out + "…" + (styled ? "\x1b[0m" : "");
}

/** Pads `s` with spaces on the right to `width` display columns (never shortens). */
export function padEnd(s: string, width: number): string {
  const gap = width - displayWidth(s);
  return gap > 0 ? s + " ".repeat(gap) : s;
}

/** Pads `s` with spaces on the left to `width` display columns (never shortens). */
export function padStart(s: string, width: number): string {
  const gap = width - displayWidth(s);
  return gap > 0 ? " ".repeat(gap) + s : s;
}
