import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * CORS for the web client, which in AWS is on another origin (CloudFront)
 * than the API (API Gateway). Only requests from that one origin get CORS
 * headers; a preflight from any other origin is answered with none, so its
 * browser will not send the request. Without a web origin (the embedded stack
 * serves client and API on one origin) there is nothing to allow.
 */
export function webCors(webUrl: string | undefined): MiddlewareHandler {
  if (!webUrl) return (_c, next) => next();
  const origin = new URL(webUrl).origin;
  const allow = cors({
    origin,
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "idempotency-key", "if-match"],
    exposeHeaders: ["etag", "location", "idempotent-replayed", "retry-after"],
    maxAge: 3600,
  });
  return async (c, next) => {
    if (c.req.header("origin") === origin) return allow(c, next);
    // A preflight from elsewhere: answered, but with no permission in it.
    if (c.req.method === "OPTIONS") {
      c.header("Vary", "Origin");
      return c.body(null, 204);
    }
    await next();
    c.header("Vary", "Origin", { append: true });
  };
}
