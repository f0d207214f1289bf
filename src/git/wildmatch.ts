/**
 * Git's wildmatch (wildmatch.c): shell globbing with `?`, `*`, `**`, `[...]`
 * classes (ranges, `!`/`^` negation, `[:alpha:]`-style names) and backslash
 * escapes. With `pathname`, `*`, `?` and classes never match "/", and `**`
 * between slashes (or at either end) matches any number of directories.
 * Strings are compared per char code; give byte strings for byte semantics.
 */

/** Flags of wildmatch. */
export type WildmatchFlags = { pathname?: boolean; casefold?: boolean };

const MATCH = 0;
const NOMATCH = 1;
const ABORT_ALL = -1;
const ABORT_TO_STARSTAR = -2;

const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;

/** True when `text` matches `pattern` as git's wildmatch decides. */
export function wildmatch(pattern: string, text: string, flags: WildmatchFlags = {}): boolean {
  return dowild(pattern, 0, text, 0, flags.pathname === true, flags.casefold === true) === MATCH;
}

function isGlobSpecial(c: number): boolean {
  return c === STAR || c === 63 || c === 91 || c === BACKSLASH;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => isUpper(c) || isLower(c);
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isPrint = (c: number) => c >= 32 && c < 127;
const lower = (c: number, fold: boolean) => (fold && isUpper(c) ? c + 32 : c);

/** The POSIX class named `name` ([:name:]), or undefined when the name is unknown. */
function classMatches(name: string, c: number, fold: boolean): boolean | undefined {
  switch (name) {
    case "alnum":
      return isAlpha(c) || isDigit(c);
    case "alpha":
      return isAlpha(c);
    case "blank":
      return c === 32 || c === 9;
    case "cntrl":
      return c < 32 || c === 127;
    case "digit":
      return isDigit(c);
    case "graph":
      return c > 32 && c < 127;
    case "lower":
      return isLower(c);
    case "print":
      return isPrint(c);
    case "punct":
      return c > 32 && c < 127 && !isAlpha(c) && !isDigit(c);
    case "space":
      return isSpace(c);
    case "upper":
      return isUpper(c) || (fold && isLower(c));
    case "xdigit":
      return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
    default:
      return undefined;
  }
}

function dowild(p: string, pi: number, t: string, ti: number, pathname: boolean, fold: boolean): number {
  const plen = p.length;
  const tlen = t.length;
  const start = pi;
  for (; pi < plen; ti++, pi++) {
    let pch = p.charCodeAt(pi);
    if (ti >= tlen && pch !== STAR) return ABORT_ALL;
    let tch = ti < tlen ? lower(t.charCodeAt(ti), fold) : 0;
    pch = lower(pch, fold);
    switch (pch) {
      case BACKSLASH:
        // A trailing backslash compares against NUL and fails.
        pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
        if (tch !== pch) return NOMATCH;
        continue;
      case 63: // ?
        if (pathname && tch === SLASH) return NOMATCH;
        continue;
      case STAR: {
        let matchSlash: boolean;
        if (p.charCodeAt(++pi) === STAR) {
          const prev = pi - 2;
          while (p.charCodeAt(++pi) === STAR) {}
          if (!pathname) matchSlash = true;
          else if ((prev < start || p.charCodeAt(prev) === SLASH) && (pi >= plen || p.charCodeAt(pi) === SLASH || (p.charCodeAt(pi) === BACKSLASH && p.charCodeAt(pi + 1) === SLASH))) {
            if (p.charCodeAt(pi) === SLASH && dowild(p, pi + 1, t, ti, pathname, fold) === MATCH) return MATCH;
            matchSlash = true;
          } else matchSlash = false;
        } else matchSlash = !pathname;
        if (pi >= plen) {
          // Trailing "**" matches everything; trailing "*" only what has no more slashes.
          if (!matchSlash && t.indexOf("/", ti) >= 0) return NOMATCH;
          return MATCH;
        }
        if (!matchSlash && p.charCodeAt(pi) === SLASH) {
          const slash = t.indexOf("/", ti);
          if (slash < 0) return NOMATCH;
          ti = slash;
          break; // the slash is consumed by the loop
        }
        for (;;) {
          if (ti >= tlen) break;
          const next = p.charCodeAt(pi);
          if (!isGlobSpecial(next)) {
            const want = lower(next, fold);
            while (ti < tlen) {
              tch = lower(t.charCodeAt(ti), fold);
              if (!matchSlash && tch === SLASH) break;
              if (tch === want) break;
              ti++;
            }
            if (ti >= tlen || tch !== want) return NOMATCH;
          }
          const matched = dowild(p, pi, t, ti, pathname, fold);
          if (matched !== NOMATCH) {
            if (!matchSlash || matched !== ABORT_TO_STARSTAR) return matched;
          } else if (!matchSlash && tch === SLASH) return ABORT_TO_STARSTAR;
          ti++;
          tch = ti < tlen ? lower(t.charCodeAt(ti), fold) : 0;
        }
        return ABORT_ALL;
      }
      case 91: {
        // [
        pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
        if (pch === 94) pch = 33; // ^ → !
        const negated = pch === 33;
        if (negated) pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
        let prev = 0;
        let matched = false;
        do {
          if (!pch) return ABORT_ALL;
          if (pch === BACKSLASH) {
            pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
            if (!pch) return ABORT_ALL;
            if (tch === pch) matched = true;
          } else if (pch === 45 && prev && pi + 1 < plen && p.charCodeAt(pi + 1) !== 93) {
            pch = p.charCodeAt(++pi);
            if (pch === BACKSLASH) {
              pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
              if (!pch) return ABORT_ALL;
            }
            if (tch <= pch && tch >= prev) matched = true;
            else if (fold && isLower(tch)) {
              const up = tch - 32;
              if (up <= pch && up >= prev) matched = true;
            }
            pch = 0;
          } else if (pch === 91 && p.charCodeAt(pi + 1) === 58) {
            // [:class:]
            const s = pi + 2;
            let e = s;
            while (e < plen && p.charCodeAt(e) !== 93) e++;
            if (e >= plen) return ABORT_ALL;
            const len = e - s - 1;
            if (len < 0 || p.charCodeAt(e - 1) !== 58) {
              // No ":]": a plain "[" in the set.
              pch = 91;
              if (tch === pch) matched = true;
            } else {
              const m = classMatches(p.slice(s, s + len), tch, fold);
              if (m === undefined) return ABORT_ALL;
              if (m) matched = true;
              pi = e;
              pch = 0;
            }
          } else if (tch === pch) matched = true;
          prev = pch;
          pch = pi + 1 < plen ? p.charCodeAt(++pi) : 0;
        } while (pch !== 93);
        if (matched === negated || (pathname && tch === SLASH)) return NOMATCH;
        continue;
      }
      default:
        if (tch !== pch) return NOMATCH;
        continue;
    }
  }
  return ti < tlen ? NOMATCH : MATCH;
}
