/** `POST /echo`: parses the body with the strict JSON parser and answers `{"received": <value>}`. */
import { JsonParseError, parse, quoteJson, stringify, type JsonValue } from "../json/index.ts";
import type { HttpRequest, HttpResponse } from "../router/index.ts";

/**
 * Answers `{"received": <the JSON body>}`, plus `"trailers": {name: value}`
 * when a chunked body came with trailer fields; invalid JSON is a 400 with a
 * one-line JSON error.
 */
export async function echoHandler(req: HttpRequest, res: HttpResponse): Promise<void> {
  if (req.method !== "POST") {
    res.status = 405;
    res.setHeader("Allow", "POST");
    res.setHeader("Content-Type", "application/json");
    return res.end(`{"error": "method not allowed"}\n`);
  }
  const body = await req.body();
  let value: JsonValue;
  try {
    value = parse(body);
  } catch (e) {
    if (!(e instanceof JsonParseError)) throw e;
    res.status = 400;
    res.setHeader("Content-Type", "application/json");
    const line = e.message.split("\n", 1)[0]!;
    return res.end(`{"error": ${quoteJson(`invalid JSON: ${line}`)}}\n`);
  }
  res.setHeader("Content-Type", "application/json");
  // Repeated names are combined as RFC 9110 §5.3 says, under the first spelling received.
  const trailers = new Map<string, [string, string]>();
  for (const [name, v] of req.trailers?.entries() ?? []) {
    const seen = trailers.get(name.toLowerCase());
    if (seen === undefined) trailers.set(name.toLowerCase(), [name, v]);
    else seen[1] = `${seen[1]}, ${v}`;
  }
  const fields = [...trailers.values()].map(([name, v]) => `${quoteJson(name)}: ${quoteJson(v)}`);
  const extra = fields.length === 0 ? "" : `, "trailers": {${fields.join(", ")}}`;
  await res.end(`{"received": ${oneLine(value)}${extra}}\n`);
}

/** JSON on one line with a space after ":" and ",", as in `{"message": "hello"}`. */
export function oneLine(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const parts: string[] = [];
    for (const k of Object.keys(v)) parts.push(`${quoteJson(k)}: ${oneLine((v as Record<string, JsonValue>)[k]!)}`);
    return `{${parts.join(", ")}}`;
  }
  return stringify(v);
}
