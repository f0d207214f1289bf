/**
 * Page extraction with Bun's streaming HTMLRewriter: links (`a[href]`,
 * `area[href]`), the first `<base href>`, `<title>`, the meta description,
 * and `--select name=CSS` fields (the text of every match).
 */
import { normalizeUrl } from "./url.ts";

/** What a page yields. */
export interface Extracted {
  title: string;
  description: string;
  /** Normalised absolute http(s) links, de-duplicated, in document order. */
  links: string[];
  /** Text of each selector's matches, by field name. */
  fields: Record<string, string[]>;
}

/** A `--select name=CSS` field. */
export interface Selector {
  name: string;
  css: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes character references in text content (numeric and the common named ones). */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function clean(s: string): string {
  return decodeEntities(s).replace(/\s+/g, " ").trim();
}

/** Parses `--select name=CSS`; throws a TypeError naming a malformed value. */
export function parseSelector(spec: string): Selector {
  const eq = spec.indexOf("=");
  if (eq <= 0 || eq === spec.length - 1) throw new TypeError(`invalid --select "${spec}": want name=CSS-selector`);
  return { name: spec.slice(0, eq).trim(), css: spec.slice(eq + 1).trim() };
}

/**
 * Extracts title, description, links and selected fields from decoded HTML.
 * Links are resolved against the first `<base href>` (itself resolved against
 * `pageUrl`), per HTML's document base URL.
 */
export function extract(html: string, pageUrl: string, selectors: readonly Selector[] = []): Extracted {
  const hrefs: string[] = [];
  let base: string | undefined;
  let title = "";
  let inTitle = false;
  let description = "";
  const fields: Record<string, string[]> = {};
  const rw = new HTMLRewriter()
    .on("a[href], area[href]", {
      element(e) {
        hrefs.push(e.getAttribute("href")!);
      },
    })
    .on("base[href]", {
      element(e) {
        base ??= e.getAttribute("href")!;
      },
    })
    .on("title", {
      element() {
        inTitle = title === "";
      },
      text(t) {
        if (inTitle) title += t.text;
        if (t.lastInTextNode) inTitle = false;
      },
    })
    .on("meta[name]", {
      element(e) {
        if (description === "" && e.getAttribute("name")!.toLowerCase() === "description") description = e.getAttribute("content") ?? "";
      },
    });
  for (const s of selectors) {
    const out: string[] = (fields[s.name] = []);
    let buf = "";
    let open = 0;
    rw.on(s.css, {
      element(e) {
        open++;
        const finish = (): void => {
          if (--open === 0) {
            out.push(clean(buf));
            buf = "";
          }
        };
        if (e.selfClosing || !e.canHaveContent) {
          out.push(clean(e.getAttribute("content") ?? ""));
          open--;
        } else e.onEndTag(finish);
      },
      text(t) {
        if (open > 0) buf += t.text;
      },
    });
  }
  rw.transform(html);
  const baseUrl = (base !== undefined ? normalizeUrl(base, pageUrl) : undefined) ?? pageUrl;
  const seen = new Set<string>();
  const links: string[] = [];
  for (const h of hrefs) {
    const u = normalizeUrl(decodeEntities(h), baseUrl);
    if (u === undefined || seen.has(u)) continue;
    seen.add(u);
    links.push(u);
  }
  return { title: clean(title), description: clean(description), links, fields };
}
