"use strict";
/**
 * Preloaded into cognito-local (`node -r`): it makes cognito-local sign and
 * publish with this install's RSA key instead of the pair its npm package
 * ships, which anyone can read and so sign any token with. cognito-local loads
 * its keys with require("../keys/cognitoLocal.*.json"); putting modules under
 * those paths in require.cache first means the shipped files are never read.
 */
const { createPrivateKey, createPublicKey } = require("node:crypto");
const { readFileSync } = require("node:fs");
const Module = require("node:module");
const { join } = require("node:path");

// Both set by startCognitoLocal. No fallback: without them cognito-local would sign with the shipped key.
const file = process.env.CRM_COGNITO_SIGNING_KEY;
const keysDir = process.env.CRM_COGNITO_LOCAL_KEYS_DIR;
if (!file || !keysDir) {
  throw new Error(
    "CRM_COGNITO_SIGNING_KEY and CRM_COGNITO_LOCAL_KEYS_DIR must be set: refusing cognito-local's shipped key.",
  );
}

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
