/** Shared pieces of the server tests: a handler exercising the response API, and a condition wait. */
import type { Handler } from "../../src/http/index.ts";

/** Resolves once `cond()` holds, checking after each turn of the event loop (never sleeps on a guess). */
export async function eventually(cond: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Routes used by the server tests. */
export const testHandler: Handler = async (req, res) => {
  switch (req.path) {
    case "/hello":
      return res.end("hello\n");
    case "/body": {
      const body = await req.body();
      res.setHeader("Content-Type", "text/plain");
      return res.end(`${body.length}:${new TextDecoder().decode(body)}`);
    }
    case "/stream":
      await res.write("one,");
      await res.write("two,");
      return res.end("three");
    case "/throw":
      throw new Error("boom");
    case "/inject":
      res.setHeader("X-Bad", "a\r\nSet-Cookie: evil=1");
      return res.end("unreachable");
    case "/ignore":
      return res.end("ignored");
    default:
      return res.end(`path=${req.path} query=${req.rawQuery}`);
  }
};
