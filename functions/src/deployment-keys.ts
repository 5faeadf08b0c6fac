import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * What the deployment's keys are used for. Each purpose gets its own key,
 * derived from the one secret, so a key leaked from one use says nothing of another's.
 */
export type KeyPurpose =
  /** Sealing page cursors (AES-256-GCM). */
  | "cursor"
  /** Fingerprints of requests that carry secrets (the signup's password), for idempotency. */
  | "request-fingerprint"
  /** Counter keys of rate limits: a client's address or an email is not stored as such. */
  | "rate-limit"
  /** The embedded stack's own services: DynamoDB Local's access key, cognito-local's admin secret. */
  | "embedded-services";

/** The 32-byte key of one purpose, derived from the secret. */
export const deriveKey = (secret: Buffer, purpose: KeyPurpose): Buffer =>
  Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `crm/${purpose}/v1`, 32));

/**
 * The deployment's one secret and the keys derived from it (HKDF-SHA256).
 * In AWS the secret is a Secrets Manager secret made by CDK and read once per
 * warm Lambda; in the embedded stack it is a file generated for this install
 * under CRM_DATA_DIR. It never leaves the server and is never logged.
 */
export class DeploymentKeys {
  private secret?: Promise<Buffer>;
  private readonly derived = new Map<KeyPurpose, Promise<Buffer>>();

  constructor(private readonly loadSecret: () => Promise<Buffer>) {}

  /** Keys from a secret already in hand (tests, the embedded stack). */
  static of(secret: Buffer): DeploymentKeys {
    return new DeploymentKeys(async () => secret);
  }

  /** The 32-byte key of one purpose. */
  key(purpose: KeyPurpose): Promise<Buffer> {
    let key = this.derived.get(purpose);
    if (!key) {
      this.secret ??= this.loadSecret().then((secret) => {
        if (secret.length < 32) throw new Error("The deployment secret is shorter than 32 bytes.");
        return secret;
      });
      key = this.secret.then((secret) => deriveKey(secret, purpose));
      // A failed load (Secrets Manager briefly unreachable) is tried again on the next use.
      key.catch(() => {
        this.secret = undefined;
        this.derived.delete(purpose);
      });
      this.derived.set(purpose, key);
    }
    return key;
  }

  /** HMAC-SHA256 of text under the purpose's key, base64url. */
  async hmac(purpose: KeyPurpose, text: string): Promise<string> {
    return createHmac("sha256", await this.key(purpose))
      .update(text)
      .digest("base64url");
  }
}

/**
 * The embedded stack's secret: generated on first start and kept in a file
 * only the owner can read; later starts read it again, so cursors and
 * fingerprints outlive a restart.
 */
export function secretFromFile(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process of this install wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(path, 0o600);
  const secret = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
  if (secret.length < 32) throw new Error(`${path} does not hold a 32-byte secret.`);
  return secret;
}
