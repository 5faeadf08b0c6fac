/** The load bench's HTTP: keep-alive connections to 127.0.0.1 only, each answer timed. */

import { Agent, request as httpRequest } from "node:http";
import type { Socket } from "node:net";

const REQUEST_TIMEOUT_MS = 30_000;

/** The bench sends only to this machine: a load test aimed elsewhere by a typo would be an attack. */
export function loopbackOnly(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" || parsed.hostname !== "127.0.0.1") {
    throw new Error(`bench:load sends only to http://127.0.0.1:<port>, not ${url}`);
  }
  return parsed;
}

export type Sent = { status: number; text: string; headers: Record<string, unknown>; ms: number };

export class Client {
  readonly agent: Agent;
  private readonly seenSockets = new WeakSet<Socket>();
  connectionsOpened = 0;
  /** Of the measured run: the connections that carried a request, and the most requests at once. */
  readonly socketsUsed = new Set<Socket>();
  private inFlight = 0;
  maxInFlight = 0;

  startRun() {
    this.socketsUsed.clear();
    this.maxInFlight = this.inFlight;
  }

  private readonly base: URL;

  constructor(base: string, maxSockets: number) {
    // Checked here too, so no path through the bench reaches another host.
    this.base = loopbackOnly(base);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Sent> {
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { accept: "application/json", ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (body) {
      headers["content-type"] = "application/json";
      headers["content-length"] = body.length;
    }
    const started = performance.now();
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<Sent>((resolve, reject) => {
      const request = httpRequest(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString("utf8"),
              headers: response.headers,
              ms: performance.now() - started,
            }),
          );
          response.on("error", reject);
        },
      );
      request.on("socket", (socket: Socket) => {
        this.socketsUsed.add(socket);
        if (this.seenSockets.has(socket)) return;
        this.seenSockets.add(socket);
        this.connectionsOpened++;
      });
      request.on("timeout", () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      request.on("error", reject);
      request.end(body);
    }).finally(() => {
      this.inFlight--;
    });
  }
}
