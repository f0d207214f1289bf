/**
 * URL normalisation before de-duplication (RFC 3986 §6.2.2): resolve against
 * a base, lower-case scheme and host (WHATWG URL does both and drops default
 * ports and dot segments), drop the fragment, upper-case percent-encoding hex
 * digits and decode percent-encoded unreserved characters (§2.3).
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-cases `%xx` escapes and decodes those of unreserved characters (RFC 3986 §6.2.2.1–2). */
export function normalizePercent(s: string): string {
  if (!s.includes("%")) return s;
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * The normalised absolute form of `href` resolved against `base`, or
 * undefined when it is not a valid http(s) URL.
 * @example
 * normalizeUrl("../b/%7euser#top", "HTTP://Example.COM:80/a/c") // "http://example.com/b/~user"
 */
export function normalizeUrl(href: string, base?: string | URL): string | undefined {
  let u: URL;
  try {
    u = base === undefined ? new URL(href.trim()) : new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  if (u.hostname === "") return undefined;
  u.hash = "";
  const path = normalizePercent(u.pathname);
  const search = u.search === "?" ? "" : normalizePercent(u.search);
  const auth = u.username !== "" ? `${u.username}${u.password !== "" ? `:${u.password}` : ""}@` : "";
  return `${u.protocol}//${auth}${u.host}${path}${search}`;
}

/** The host (with a non-default port) of a normalised URL: the key for politeness and robots.txt. */
export function hostKey(url: string): string {
  return new URL(url).host;
}

/** The path and query of a URL, for log lines and robots.txt matching. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}
