/**
 * Runs maildev (the embedded stack's mail catcher) with one change: its web
 * inbox and API answer no cross-origin request. maildev allows every origin,
 * with credentials, on its REST API and its socket; any web page open in the
 * same browser could then read the inbox, and with it the password-reset and
 * invitation links the CRM sends. The inbox is for whoever opens it on this
 * machine; from another origin it answers without any CORS header.
 *
 * Started by startMailCatcher with maildev's own arguments; CRM_MAILDEV_DIR
 * names the maildev package it runs.
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const packageDir = process.env.CRM_MAILDEV_DIR;
if (!packageDir) throw new Error("CRM_MAILDEV_DIR must name the maildev package.");
const maildev = realpathSync(packageDir);
// maildev's own dependency, as it imports it: the same module, so the patch applies to its server.
const api = await import(pathToFileURL(join(maildev, "..", "@maildev", "api", "dist", "index.js")).href);
const registerPlugins = api.APIServer.prototype.registerPlugins;
api.APIServer.prototype.registerPlugins = function withoutCors(...args) {
  this.options.cors = { origin: false, credentials: false };
  return registerPlugins.apply(this, args);
};
await import(pathToFileURL(join(maildev, "dist", "bin", "maildev.js")).href);
// Its parent holds the other end of stdin: should the parent die without stopping it, stop too.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
