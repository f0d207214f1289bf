/**
 * @module
 * An HTTP router in the style of httprouter and gin: compressed radix trees
 * per method with static, `:param` and `*catchAll` segments (static beats
 * parameter beats catch-all, with backtracking), conflicts rejected at
 * registration, 404 vs 405 with Allow, automatic OPTIONS, HEAD via GET,
 * trailing-slash redirects, route groups, onion-model middleware and a
 * per-request Context. Parameters are matched on the still-encoded path and
 * percent-decoded per segment afterwards, so `%2F` never splits a segment.
 * Transports plug in through the HttpRequest/HttpResponse seam; `find` works
 * without one.
 *
 * @example
 * import { Router, logger, recovery } from "../router/index.ts";
 * const r = new Router();
 * r.use(logger(log), recovery());
 * r.GET("/users/:id", (c) => c.json(200, { id: c.param("id"), page: c.query("page", "1") }));
 * r.GET("/static/*filepath", serveStatic);
 * const api = r.group("/api/v1");
 * api.use(auth);
 * api.GET("/profile", getProfile);
 * r.find("GET", "/users/42"); // { handler, params: { id: "42" }, route }
 */
export { Router, type RouterOptions } from "./router.ts";
export { Group, ANY_METHODS } from "./group.ts";
export { Context, DEFAULT_BODY_LIMIT, type StreamSource } from "./context.ts";
export { compose } from "./compose.ts";
export { HttpError, RouteError, type HttpErrorOptions, type RouteErrorCode } from "./errors.ts";
export { Route, RouteMatch, type Handler, type Next, type Params } from "./route.ts";
export { logger, type AccessEntry, type AccessLogFn, type AccessLogOptions } from "./logger.ts";
export { recovery, type RecoveryOptions } from "./recovery.ts";
export { requestId, type RequestIdOptions } from "./request-id.ts";
export type { HeaderReader, HttpRequest, HttpResponse } from "./http.ts";
