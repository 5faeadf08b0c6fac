"use strict";
/**
 * Preloaded into cognito-local (`node -r`), it does three things:
 * - cognito-local signs and publishes with this install's RSA key instead of
 *   the pair its npm package ships, which anyone can read and so sign any
 *   token with. cognito-local loads its keys with
 *   require("../keys/cognitoLocal.*.json"); putting modules under those paths
 *   in require.cache first means the shipped files are never read.
 * - its API answers only callers that carry this install's secret: that API
 *   creates users with any id and sets any password, so whoever could call it
 *   could get a token for anyone. Only the published keys stay open (they are
 *   public), and no page of a browser gets a CORS answer.
 * - it adds AdminUserGlobalSignOut, which cognito-local lacks (see the end).
 */
const { createPrivateKey, createPublicKey, timingSafeEqual } = require("node:crypto");
const { readFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");

// Both set by startCognitoLocal. No fallback: without them cognito-local would sign with the shipped key.
const file = process.env.CRM_COGNITO_SIGNING_KEY;
const keysDir = process.env.CRM_COGNITO_LOCAL_KEYS_DIR;
const identitySecret = process.env.CRM_COGNITO_IDENTITY_SECRET;
if (!file || !keysDir || !identitySecret) {
  throw new Error(
    "CRM_COGNITO_SIGNING_KEY, CRM_COGNITO_LOCAL_KEYS_DIR and CRM_COGNITO_IDENTITY_SECRET must be set: refusing to run cognito-local open.",
  );
}
// Not inherited by anything cognito-local may start.
delete process.env.CRM_COGNITO_IDENTITY_SECRET;

const privateKey = createPrivateKey(readFileSync(file, "utf8"));
const publicKey = createPublicKey(privateKey);
// cognito-local signs with keyid "CognitoLocal" and RS256: the published key must say the same.
const header = { kid: "CognitoLocal", alg: "RS256", use: "sig" };
const keyFiles = {
  "cognitoLocal.private.json": {
    pem: privateKey.export({ type: "pkcs8", format: "pem" }),
    jwk: { ...privateKey.export({ format: "jwk" }), ...header },
  },
  "cognitoLocal.public.json": {
    pem: publicKey.export({ type: "spki", format: "pem" }),
    jwk: { ...publicKey.export({ format: "jwk" }), ...header },
  },
};

for (const [name, exports] of Object.entries(keyFiles)) {
  const filename = join(keysDir, name);
  const cached = new Module(filename, null);
  cached.filename = filename;
  cached.exports = exports;
  cached.loaded = true;
  require.cache[filename] = cached;
}

// The guard goes in front of every app cognito-local makes: express() is wrapped before cognito-local requires it.
const PUBLIC = /^\/[^/]+\/\.well-known\/(jwks\.json|openid-configuration)$/;
const expected = Buffer.from(identitySecret);
function guard(req, res, next) {
  if (req.method === "GET" && (PUBLIC.test(req.path) || req.path === "/health")) return next();
  const given = Buffer.from(String(req.headers["x-crm-identity-secret"] ?? ""));
  if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
  res
    .status(403)
    .json({ __type: "AccessDeniedException", message: "This identity provider serves its CRM only." });
}
const expressPath = require.resolve("express", { paths: [keysDir] });
const express = require(expressPath);
function guardedExpress(...args) {
  const app = express(...args);
  app.use(guard);
  return app;
}
Object.assign(guardedExpress, express);
require.cache[expressPath].exports = guardedExpress;

// cognito-local lacks AdminUserGlobalSignOut, which the API calls when a password changes: it is
// added here as Cognito has it (every refresh token of the user revoked), so the API makes the
// same call in both places.
const { Targets } = require(join(keysDir, "..", "targets", "targets.js"));
const { UserNotFoundError } = require(join(keysDir, "..", "errors.js"));
Targets.AdminUserGlobalSignOut ??=
  ({ cognito }) =>
  async (ctx, req) => {
    const userPool = await cognito.getUserPool(ctx, req.UserPoolId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError("User does not exist");
    await userPool.saveUser(ctx, { ...user, RefreshTokens: [] });
    return {};
  };
