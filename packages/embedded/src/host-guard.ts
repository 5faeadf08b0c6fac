import { problemBody } from "@crm/functions/api/problem";
import { isLocalHost } from "./local-host.mjs";

type Fetch = (request: Request, env: unknown) => unknown;

/**
 * The embedded stack's server answers only requests addressed to this
 * machine by an IP address or `localhost` (any port); a request naming any
 * other host gets 421 Misdirected Request, problem+json under /v1. This is
 * what stops DNS rebinding: a web page that points its own domain at
 * 127.0.0.1 sends that domain as the Host. Only here, not in the Lambda app:
 * in AWS, API Gateway and CloudFront answer only their own host names.
 */
export function refuseForeignHosts(fetch: Fetch): Fetch {
  return (request, env) => {
    if (isLocalHost(request.headers.get("host"))) return fetch(request, env);
    const body = problemBody("host-not-allowed");
    const api = new URL(request.url).pathname.startsWith("/v1");
    return new Response(api ? JSON.stringify(body) : `${body.title}: ${body.detail}\n`, {
      status: body.status,
      headers: {
        "content-type": api ? "application/problem+json" : "text/plain; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  };
}
