/**
 * @module
 * An HTTP/1.1 server written on raw TCP sockets (`Bun.listen`) with the
 * src/wire/http1 codec: keep-alive and pipelining, chunked bodies both ways,
 * `Expect: 100-continue`, request trailers, strict RFC 9112 framing, limits
 * (413, 414, 431, 501), slow-client timeouts on an injectable Clock, a
 * connection cap that reclaims idle connections first, graceful shutdown.
 * Handlers speak the router's HttpRequest/HttpResponse seam; `createApp`
 * builds `gokit httpd` (router + echo + rate limiting + static files).
 * A whole cached file is answered synchronously in the data callback (see
 * fixed.ts): parse, one lookup, one write of precomputed head and body.
 *
 * @example
 * import { HttpServer, staticHandler } from "../http/index.ts";
 * await using server = await HttpServer.listen({ handler: await staticHandler({ root: "./public" }), port: 8080 });
 * console.log(`listening on :${server.port}`);
 */
export { HttpServer } from "./server.ts";
export type { AccessEntry, Handler, ServerOptions } from "./options.ts";
export { staticHandler, StaticRootError, type StaticOptions } from "./static.ts";
export { echoHandler } from "./echo.ts";
export { createApp, type AppOptions } from "./app.ts";
export { accessFields, accessJson, formatAccess } from "./access-log.ts";
export { DateCache, httpDate } from "./date.ts";
