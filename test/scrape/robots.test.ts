import { describe, expect, test } from "bun:test";
import { parseRobots, productToken } from "../../src/scrape/index.ts";

// RFC 9309 §5.1 "Simple Example".
const SIMPLE = `User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
`;

// RFC 9309 §5.2 "Longest Match".
const LONGEST = `User-Agent: foobot
Allow: /example/page/
Disallow: /example/page/disallowed.gif
`;

type Case = [robots: string, agent: string, path: string, allowed: boolean, why: string];

const cases: Case[] = [
  // §5.1: foobot's own group.
  [SIMPLE, "foobot", "/example/page.html", true, "§5.1 foobot: Allow /example/page.html is longer than Disallow /"],
  [SIMPLE, "foobot", "/example/allowed.gif", true, "§5.1 foobot: Allow /example/allowed.gif"],
  [SIMPLE, "foobot", "/", false, "§5.1 foobot: Disallow /"],
  [SIMPLE, "foobot", "/publications/", false, "§5.1 foobot: the * group does not apply"],
  [SIMPLE, "FooBot/2.1", "/example/page.html", true, "§2.2.1 product tokens match case-insensitively, version ignored"],
  // §5.1: barbot and bazbot share one group.
  [SIMPLE, "barbot", "/example/page.html", false, "§5.1 barbot: Disallow /example/page.html"],
  [SIMPLE, "bazbot", "/example/page.html", false, "§5.1 bazbot shares barbot's group"],
  [SIMPLE, "barbot", "/example/other.gif", true, "§5.1 barbot: the * group's *.gif$ does not apply"],
  // §5.1: quxbot's group is empty, so everything is allowed.
  [SIMPLE, "quxbot", "/example/page.html", true, "§5.1 quxbot: an empty group allows all"],
  [SIMPLE, "quxbot", "/anything.gif", true, "§5.1 quxbot: the * group does not apply"],
  // §5.1: any other agent gets the * group.
  [SIMPLE, "otherbot", "/picture.gif", false, "§5.1 *: Disallow *.gif$"],
  [SIMPLE, "otherbot", "/picture.gif?size=2", true, "§2.2.3 $ anchors the end of the path"],
  [SIMPLE, "otherbot", "/example/", false, "§5.1 *: Disallow /example/"],
  [SIMPLE, "otherbot", "/example/page.html", false, "§5.1 *: Disallow /example/"],
  [SIMPLE, "otherbot", "/publications/", true, "§5.1 *: Allow /publications/"],
  [SIMPLE, "otherbot", "/", true, "§2.2.2 no rule matches: allowed"],
  // §5.2 longest match.
  [LONGEST, "foobot", "/example/page/", true, "§5.2 Allow /example/page/"],
  [LONGEST, "foobot", "/example/page/disallowed.gif", false, "§5.2 the longer Disallow wins"],
  [LONGEST, "foobot", "/example/page/other.gif", true, "§5.2 only the Allow matches"],
  // §2.2.2 ties: Allow wins.
  ["User-agent: *\nDisallow: /folder\nAllow: /folder\n", "x", "/folder/page", true, "§2.2.2 equivalent rules: Allow wins"],
  ["User-agent: *\nAllow: /page\nDisallow: /*.html\n", "x", "/page.html", false, "longest match counts pattern octets: /*.html (7) beats /page (5)"],
  ["User-agent: *\nAllow: /$\nDisallow: /\n", "x", "/", true, "Allow /$ (2) beats Disallow / (1)"],
  ["User-agent: *\nAllow: /$\nDisallow: /\n", "x", "/page", false, "/$ matches only /"],
  // §2.2.3 special characters.
  ["User-agent: *\nDisallow: /this/*/exactly\n", "x", "/this/path/exactly", false, "§2.2.3 * matches any sequence"],
  ["User-agent: *\nDisallow: /this/*/exactly\n", "x", "/this/exactly", true, "§2.2.3 * still needs the slashes around it"],
  ["User-agent: *\nDisallow: /this/path/exactly$\n", "x", "/this/path/exactly/more", true, "§2.2.3 $ anchors the end"],
  ["User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", "x", "/path/file-with-a-*.html", false, "§2.2.3 a literal * is written %2A"],
  ["User-agent: *\nDisallow: /path/foo-%24\n", "x", "/path/foo-$", false, "§2.2.3 a literal $ is written %24"],
  ["User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", "x", "/path/file-with-a-x.html", true, "%2A is not a wildcard"],
  ["User-agent: *\nDisallow: /*.php$ # comment\n", "x", "/index.php", false, "§2.2.3 # starts a comment"],
  // §2.2.2 percent-encoding: rules and paths compare in one canonical form.
  ["User-agent: *\nDisallow: /foo/bar?baz=quz\n", "x", "/foo/bar?baz=quz", false, "§2.2.2 table row 1"],
  ["User-agent: *\nDisallow: /foo/bar?baz=https://foo.bar\n", "x", "/foo/bar?baz=https%3A%2F%2Ffoo.bar", false, "§2.2.2 table row 2"],
  ["User-agent: *\nDisallow: /foo/bar/\u30c4\n", "x", "/foo/bar/%E3%83%84", false, "§2.2.2 table row 3: UTF-8 is percent-encoded"],
  ["User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "x", "/foo/bar/%e3%83%84", false, "§2.2.2 table row 4: hex case does not matter"],
  ["User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "x", "/foo/bar/baz", false, "§2.2.2 table row 5: unreserved characters decode"],
  // §2.2.1 groups.
  ["User-agent: a\nDisallow: /x\n\nUser-agent: b\nDisallow: /y\n\nUser-agent: a\nDisallow: /z\n", "a", "/z", false, "§2.2.1 groups for the same agent are merged"],
  ["User-agent: a\nDisallow: /x\n\nUser-agent: a\nDisallow: /z\n", "a", "/x", false, "§2.2.1 merged groups keep both rules"],
  ["User-agent: a\nDisallow: /x\n", "b", "/x", true, "§2.2.1 no matching group and no *: no rules"],
  ["User-agent: *\nDisallow: /\n", "b", "/robots.txt", true, "§2.2.2 /robots.txt is implicitly allowed"],
  ["Disallow: /x\nUser-agent: *\nDisallow: /y\n", "b", "/x", true, "rules before any user-agent belong to no group"],
  ["User-agent: *\nDisallow:\n", "b", "/anything", true, "an empty Disallow matches nothing"],
  ["User-agent: *\nSitemap: https://example.com/sitemap.xml\nDisallow: /s\n", "b", "/s", false, "other records do not end the group"],
  ["user-agent: *\ndisallow: /lower\n", "b", "/lower", false, "§2.2 keys are case-insensitive"],
  ["User-agent: *\r\nDisallow: /crlf\r\n", "b", "/crlf", false, "CRLF line endings"],
  ["User-agent: *\nDisallow: /Case\n", "b", "/case", true, "§2.2.2 paths are case-sensitive"],
];

describe("robots.txt matcher (RFC 9309)", () => {
  for (const [robots, agent, path, allowed, why] of cases) {
    test(`${why} (${agent} ${path} → ${allowed ? "allowed" : "disallowed"})`, () => {
      expect(parseRobots(robots, agent).allowed(path)).toBe(allowed);
    });
  }

  test("Crawl-delay of the chosen group is reported in milliseconds", () => {
    const text = "User-agent: *\nCrawl-delay: 5\n\nUser-agent: gokit-scrape\nCrawl-delay: 0.25\nDisallow: /x\n";
    expect(parseRobots(text, "gokit-scrape/0.1.0").crawlDelayMs).toBe(250);
    expect(parseRobots(text, "other").crawlDelayMs).toBe(5000);
    expect(parseRobots("User-agent: *\nDisallow: /\n", "other").crawlDelayMs).toBeUndefined();
  });

  test("the product token is the user agent up to its slash, lower-cased", () => {
    expect(productToken("gokit-scrape/0.1.0")).toBe("gokit-scrape");
    expect(productToken("ExampleBot")).toBe("examplebot");
  });
});
