/**
 * robots.txt per RFC 9309: parsing into groups (§2.1–2.2), choosing the
 * group for a product token (§2.2.1), longest-match Allow/Disallow with `*`
 * and `$` (§2.2.2–2.2.3), and Crawl-delay (a common extension, §2.2.4).
 */

/** One allow or disallow rule. */
interface Rule {
  allow: boolean;
  /** The pattern, percent-normalised; its length in octets is its priority. */
  pattern: string;
  /** Compiled matcher, anchored at the start of the path. */
  re: RegExp | null;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelay?: number;
}

/** The rules that apply to one crawler on one host. */
export interface RobotsPolicy {
  /** Whether the crawler may fetch `path` (path and query of the URI). */
  allowed(path: string): boolean;
  /** The Crawl-delay of the chosen group, in milliseconds, if any. */
  readonly crawlDelayMs: number | undefined;
}

const HEX = /%([0-9A-Fa-f]{2})/g;

/**
 * Canonical form for matching (§2.2.2): percent-encodings upper-cased and
 * decoded except those of `%`, `*`, `$` and bytes outside printable ASCII;
 * non-ASCII characters percent-encoded as UTF-8. In a URI path (`literal`),
 * `*` and `$` are encoded so that only a pattern's own are special.
 */
function canonical(s: string, literal: boolean): string {
  let out = "";
  const bytes = new TextEncoder().encode(s);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x25 && i + 2 < bytes.length && /^[0-9A-Fa-f]{2}$/.test(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!))) {
      const v = parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16);
      i += 2;
      out += v > 0x20 && v < 0x7f && v !== 0x25 && v !== 0x2a && v !== 0x24 ? String.fromCharCode(v) : pct(v);
    } else if (b <= 0x20 || b >= 0x7f) {
      out += pct(b);
    } else if (literal && (b === 0x2a || b === 0x24)) {
      out += pct(b);
    } else {
      out += String.fromCharCode(b);
    }
  }
  return out;
}

function pct(b: number): string {
  return `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
}

function compile(pattern: string): RegExp | null {
  if (!pattern.includes("*") && !pattern.endsWith("$")) return null;
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const src = body
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${src}${anchored ? "$" : ""}`, "s");
}

function matches(rule: Rule, path: string): boolean {
  return rule.re === null ? path.startsWith(rule.pattern) : rule.re.test(path);
}

/** Parses robots.txt into groups; lines it cannot parse are ignored (§2.2). */
function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  let inAgents = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "user-agent") {
      if (!inAgents || current === undefined) {
        current = { agents: [], rules: [] };
        groups.push(current);
        inAgents = true;
      }
      current.agents.push(value.toLowerCase());
    } else if (key === "allow" || key === "disallow") {
      if (current === undefined) continue; // rules before any user-agent line belong to no group
      inAgents = false;
      // An empty Disallow (or Allow) matches nothing.
      if (value === "") continue;
      const pattern = canonical(value, false);
      current.rules.push({ allow: key === "allow", pattern, re: compile(pattern) });
    } else if (key === "crawl-delay") {
      if (current === undefined) continue;
      inAgents = false;
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelay = seconds * 1000;
    }
    // Other records (Sitemap, Host…) neither start nor end a group.
  }
  return groups;
}

/** The product token of a user agent string: `gokit-scrape/0.1.0` → `gokit-scrape` (§2.2.1). */
export function productToken(userAgent: string): string {
  return (userAgent.split("/")[0] ?? "").trim().toLowerCase();
}

/**
 * The policy of `text` for the crawler whose product token is taken from
 * `userAgent`: every group naming the token (case-insensitively) merged,
 * else every `*` group merged, else no rules (§2.2.1).
 * @example
 * parseRobots("User-agent: *\nDisallow: /private", "gokit-scrape/0.1.0").allowed("/private/x") // false
 */
export function parseRobots(text: string, userAgent: string): RobotsPolicy {
  const token = productToken(userAgent);
  const groups = parseGroups(text);
  let chosen = groups.filter((g) => g.agents.some((a) => a === token || (a !== "*" && productToken(a) === token)));
  if (chosen.length === 0) chosen = groups.filter((g) => g.agents.includes("*"));
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== undefined);
  return {
    crawlDelayMs: delays.length > 0 ? Math.max(...delays) : undefined,
    allowed(path: string): boolean {
      const p = canonical(path === "" ? "/" : path, true);
      // §2.2.2: the implicit allow of /robots.txt; longest match wins; an allow wins a tie.
      if (p === "/robots.txt") return true;
      let best: Rule | undefined;
      for (const r of rules) {
        if (!matches(r, p)) continue;
        if (best === undefined || r.pattern.length > best.pattern.length || (r.pattern.length === best.pattern.length && r.allow && !best.allow)) best = r;
      }
      return best === undefined || best.allow;
    },
  };
}

/** The policy when robots.txt answered 4xx (§2.3.1.3): everything allowed. */
export const ALLOW_ALL: RobotsPolicy = { allowed: () => true, crawlDelayMs: undefined };

/** The policy when robots.txt answered 5xx or was unreachable (§2.3.1.4): everything disallowed. */
export const DISALLOW_ALL: RobotsPolicy = { allowed: (p) => canonical(p, true) === "/robots.txt", crawlDelayMs: undefined };
