import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { STSClient } from "@aws-sdk/client-sts";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, DYNAMO_TIMEOUTS } from "./client.js";
import { TENANT_SESSION_TAG, tenantSessionPolicy } from "./tenant-access-policy.js";

/** Hands out the DynamoDB client through which one tenant's items are read and written. */
export interface TenantClients {
  forTenant(tenantId: string): Promise<DynamoDBDocumentClient>;
}

/**
 * One client for every tenant: the embedded stack, where DynamoDB Local
 * ignores IAM. Every call still goes through forTenant, as in AWS.
 */
export class SharedTenantClients implements TenantClients {
  private readonly doc: DynamoDBDocumentClient;
  constructor(client: DynamoDBClient) {
    this.doc = createDocumentClient(client);
  }
  async forTenant(): Promise<DynamoDBDocumentClient> {
    return this.doc;
  }
}

export type AssumedRoleConfig = {
  roleArn: string;
  region: string;
  /** The tables a tenant's session may touch: the pooled table and, for dedicated tenants, its own. */
  tableArns: (tenantId: string) => string[];
  /** Session length; sessions are renewed five minutes before they end. */
  durationSeconds?: number;
  /** How many tenants' sessions a warm Lambda keeps; the least recently used goes first. */
  maxTenants?: number;
};

const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * In AWS: per tenant, credentials from sts:AssumeRole with the tenant's session
 * policy and TenantId session tag, so the app itself cannot reach another
 * tenant's items. Kept per tenant in the warm Lambda until shortly before they expire.
 */
export class AssumedRoleTenantClients implements TenantClients {
  private readonly sessions = new Map<string, { doc: DynamoDBDocumentClient; renewAt: number }>();
  private readonly pending = new Map<string, Promise<DynamoDBDocumentClient>>();

  constructor(
    /** The STS client, or how to make it at the first tenant's session (not at a cold start). */
    private readonly sts: STSClient | (() => Promise<STSClient>),
    private readonly config: AssumedRoleConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async forTenant(tenantId: string): Promise<DynamoDBDocumentClient> {
    const session = this.sessions.get(tenantId);
    if (session && session.renewAt > this.now()) {
      // Map keeps insertion order: putting a used session last keeps the least recently used first.
      this.sessions.delete(tenantId);
      this.sessions.set(tenantId, session);
      return session.doc;
    }
    let started = this.pending.get(tenantId);
    if (!started) {
      started = this.assume(tenantId).finally(() => this.pending.delete(tenantId));
      this.pending.set(tenantId, started);
    }
    return started;
  }

  private async assume(tenantId: string): Promise<DynamoDBDocumentClient> {
    const [sts, { AssumeRoleCommand }] = await Promise.all([this.stsClient(), import("@aws-sdk/client-sts")]);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: this.config.roleArn,
        RoleSessionName: `tenant-${tenantId}`,
        DurationSeconds: this.config.durationSeconds ?? 900,
        Policy: JSON.stringify(tenantSessionPolicy(tenantId, this.config.tableArns(tenantId))),
        Tags: [{ Key: TENANT_SESSION_TAG, Value: tenantId }],
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
      throw new Error("sts:AssumeRole returned no credentials.");
    }
    const doc = createDocumentClient(
      new DynamoDBClient({
        region: this.config.region,
        credentials: {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretAccessKey,
          sessionToken: Credentials.SessionToken,
          expiration: Credentials.Expiration,
        },
        maxAttempts: 3,
        requestHandler: DYNAMO_TIMEOUTS,
      }),
    );
    // Keep the map bounded: forget the least recently used tenant (the first in the map), so
    // the tenants at work keep their sessions however many others pass through.
    this.sessions.delete(tenantId);
    if (this.sessions.size >= (this.config.maxTenants ?? 500)) {
      const leastRecent = this.sessions.keys().next().value;
      if (leastRecent !== undefined) this.sessions.delete(leastRecent);
    }
    this.sessions.set(tenantId, { doc, renewAt: Credentials.Expiration.getTime() - RENEW_BEFORE_MS });
    return doc;
  }

  private stsMade: Promise<STSClient> | undefined;
  private stsClient(): Promise<STSClient> {
    const { sts } = this;
    this.stsMade ??= typeof sts === "function" ? sts() : Promise.resolve(sts);
    return this.stsMade;
  }
}
