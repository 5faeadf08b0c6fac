/**
 * Runs maildev (the embedded stack's mail catcher) with three changes, since
 * its inbox holds the password-reset and invitation links the CRM sends, and
 * any web page open in the same browser could otherwise read them:
 *
 * - its REST API answers no cross-origin request (maildev allows every
 *   origin, with credentials): from another origin it answers without any
 *   CORS header;
 * - its live feed (socket.io, which pushes each new mail's preview) accepts a
 *   connection only from the inbox's own page (Origin http://127.0.0.1:<port>
 *   or http://localhost:<port>) or from a client that sends no Origin: a
 *   browser always sends one, and socket.io's CORS option does not apply to
 *   a websocket upgrade;
 * - it serves only requests addressed to an IP address or localhost (the
 *   Host header), so a page cannot reach it under its own domain name by DNS
 *   rebinding (local-host.mjs); others get 421.
 *
 * Started by startMailCatcher with maildev's own arguments; CRM_MAILDEV_DIR
 * names the maildev package it runs.
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isLocalHost } from "./local-host.mjs";

const packageDir = process.env.CRM_MAILDEV_DIR;
if (!packageDir) throw new Error("CRM_MAILDEV_DIR must name the maildev package.");
const maildev = realpathSync(packageDir);
// maildev's own dependency, as it imports it: the same module, so the patch applies to its server.
const api = await import(pathToFileURL(join(maildev, "..", "@maildev", "api", "dist", "index.js")).href);

const registerPlugins = api.APIServer.prototype.registerPlugins;
api.APIServer.prototype.registerPlugins = function guarded(...args) {
  this.options.cors = { origin: false, credentials: false };
  // Before every route and the web UI (registered after): the socket's requests are checked by allowRequest.
  this.app.addHook("onRequest", async (request, reply) => {
    if (!isLocalHost(request.headers.host)) {
      return reply.code(421).type("text/plain; charset=utf-8").send("Misdirected Request\n");
    }
  });
  return registerPlugins.apply(this, args);
};

const setupWebSocket = api.APIServer.prototype.setupWebSocket;
api.APIServer.prototype.setupWebSocket = function sameOriginOnly(...args) {
  const result = setupWebSocket.apply(this, args);
  if (this.io) {
    const port = this.options.port;
    const own = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    // Asked for every new connection, polling or websocket; a refused one gets 403.
    this.io.engine.opts.allowRequest = (request, allow) => {
      const { host, origin } = request.headers;
      const allowed = isLocalHost(host) && (origin === undefined || own.has(origin));
      allow(allowed ? null : "Only the inbox's own page may connect.", allowed);
    };
  }
  return result;
};

await import(pathToFileURL(join(maildev, "dist", "bin", "maildev.js")).href);
// Its parent holds the other end of stdin: should the parent die without stopping it, stop too.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
