import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type ExportJob,
  fail,
  type ImportJob,
  type Plan,
  type TenantRecord,
  type TenantSettings,
  tenantReadOnly,
} from "@crm/domain";
import { AuditRepository } from "./audit-repository.js";
import { createDocumentClient } from "./client.js";
import { ContactRepository } from "./contact-repository.js";
import { CustomFieldRepository } from "./custom-field-repository.js";
import { CustomerRepository } from "./customer-repository.js";
import { FileJobRepository } from "./file-job-repository.js";
import { IdempotencyRepository } from "./idempotency-repository.js";
import { InvitationRepository } from "./invitation-repository.js";
import { ItemCache } from "./item-cache.js";
import { keys, TENANT_LISTING, tenantListingKey } from "./keys.js";
import { queryAll } from "./paging.js";
import { PasswordResetRepository } from "./password-reset-repository.js";
import { ScoringRepository } from "./scoring-repository.js";
import { SeatSnapshotRepository } from "./seat-snapshot-repository.js";
import { SettingsRepository, settingsItem } from "./settings-repository.js";
import type { TenantClients } from "./tenant-clients.js";
import { TransactionRepository } from "./transaction-repository.js";
import { failedConditions } from "./transactions.js";
import { UpgradeRepository } from "./upgrade-repository.js";
import { type NewUser, UserRepository, userItem } from "./user-repository.js";

export type TenantListing = { tenantId: string; plan: Plan; timeZone: string };

export type StoreConfig = {
  /** The shared table: pooled tenants' data and every tenant's registry record. */
  pooledTableName: string;
  /** Dedicated tenants' tables are this prefix plus the tenant id. */
  tenantTablePrefix: string;
  /**
   * How long a process trusts the registry record it read (default 60 s):
   * a tenant move waits longer than this after each of its switches.
   */
  registryCacheMs?: number;
  /**
   * How long a process may answer from memory a tenant's settings, its custom
   * field definitions and a user's record (default 0: never; the API keeps
   * them API_ITEM_CACHE_MS, functions/src/store.ts). Writes through this store drop them at once.
   */
  itemCacheMs?: number;
  /** How long, and for how many ids, "no such tenant" is remembered (default 60 s, 10,000 ids). */
  missingTenantCacheMs?: number;
  missingTenantCacheSize?: number;
};

export const REGISTRY_CACHE_MS = 60_000;
const MISSING_TENANT_CACHE_MS = 60_000;
const MISSING_TENANT_CACHE_SIZE = 10_000;

/**
 * A tenant is read-only while a move (tenant-move.ts, kept on the registry
 * record as `move`) has not switched tables yet.
 */
const readOnlyDuring = (move: unknown): boolean =>
  typeof move === "object" && move !== null && (move as { phase?: unknown }).phase !== "switched";

/** Commands that change items: refused for a tenant that is read-only, or bound to a table it has left. */
const WRITES = [PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand];

/** One tenant's data. Every repository is bound to the tenant: none takes a tenant id. */
export class TenantData {
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly invitations: InvitationRepository;
  readonly passwordResets: PasswordResetRepository;
  readonly idempotency: IdempotencyRepository;
  readonly seatSnapshots: SeatSnapshotRepository;
  readonly customers: CustomerRepository;
  readonly audit: AuditRepository;
  readonly contacts: ContactRepository;
  readonly customFields: CustomFieldRepository;
  readonly imports: FileJobRepository<ImportJob>;
  readonly exports: FileJobRepository<ExportJob>;
  readonly transactions: TransactionRepository;
  readonly scoring: ScoringRepository;
  readonly upgrades: UpgradeRepository;

  constructor(
    doc: DynamoDBDocumentClient,
    readonly tenant: TenantRecord,
    registryTableName: string,
    /** Where the items read on every request are kept for a few seconds (see StoreConfig.itemCacheMs). */
    cache?: ItemCache,
  ) {
    this.settings = new SettingsRepository(doc, tenant.tableName, tenant.tenantId, registryTableName, cache);
    this.seatSnapshots = new SeatSnapshotRepository(doc, tenant.tableName, tenant.tenantId);
    this.customers = new CustomerRepository(doc, tenant.tableName, tenant.tenantId);
    this.audit = new AuditRepository(doc, tenant.tableName, tenant.tenantId);
    this.contacts = new ContactRepository(doc, tenant.tableName, tenant.tenantId);
    this.customFields = new CustomFieldRepository(doc, tenant.tableName, tenant.tenantId, cache);
    this.imports = new FileJobRepository(doc, tenant.tableName, tenant.tenantId, "IMPORT");
    this.exports = new FileJobRepository(doc, tenant.tableName, tenant.tenantId, "EXPORT");
    this.transactions = new TransactionRepository(doc, tenant.tableName, tenant.tenantId);
    this.scoring = new ScoringRepository(doc, tenant.tableName, tenant.tenantId);
    this.upgrades = new UpgradeRepository(doc, tenant.tableName, tenant.tenantId);
    this.users = new UserRepository(doc, tenant.tableName, tenant.tenantId, cache);
    this.invitations = new InvitationRepository(doc, tenant.tableName, tenant.tenantId);
    this.passwordResets = new PasswordResetRepository(doc, tenant.tableName, tenant.tenantId);
    this.idempotency = new IdempotencyRepository(doc, tenant.tableName, tenant.tenantId);
  }
}

/**
 * The data layer's entry point. It alone knows which table holds a tenant:
 * it reads the tenant registry and remembers the answer for a short while
 * (registryCacheMs), so a warm process follows a tenant that an operator moves.
 * Every item is reached through the tenant's own client (in AWS, credentials
 * narrowed to the tenant's keys); `control`, the process's own credentials,
 * only reads the tenant listing (whether a tenant exists; every tenant for the
 * nightly dispatcher).
 */
export class CrmStore {
  private readonly registryCache = new Map<string, { record: TenantRecord; until: number }>();
  /** Ids found not to exist, until when: a flood of made-up ids costs no STS and no DynamoDB call. */
  private readonly missing = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<TenantRecord | undefined>>();
  private readonly listing: DynamoDBDocumentClient;
  private readonly items: ItemCache;

  constructor(
    private readonly clients: TenantClients,
    control: DynamoDBClient,
    private readonly config: StoreConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.listing = createDocumentClient(control);
    this.items = new ItemCache(config.itemCacheMs ?? 0, now);
  }

  /**
   * The tenant's registry record, or undefined for a tenant that does not
   * exist. An id this process has not seen is first looked up in the tenant
   * listing with the process's own credentials: only a tenant that exists
   * gets a tenant session (in AWS an sts:AssumeRole), so an unauthenticated
   * request naming a made-up tenant (an invitation token's prefix) makes none.
   */
  async findTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const cached = this.registryCache.get(tenantId);
    if (cached && cached.until > this.now()) return cached.record;
    const missingUntil = this.missing.get(tenantId);
    if (missingUntil !== undefined) {
      if (missingUntil > this.now()) return undefined;
      this.missing.delete(tenantId);
    }
    // Concurrent requests for one tenant share one lookup.
    let lookup = this.lookups.get(tenantId);
    if (!lookup) {
      lookup = this.lookUp(tenantId, cached !== undefined).finally(() => this.lookups.delete(tenantId));
      this.lookups.set(tenantId, lookup);
    }
    return lookup;
  }

  private async lookUp(tenantId: string, knownToExist: boolean): Promise<TenantRecord | undefined> {
    // Tenants are never deleted: one seen before needs no second listing read.
    if (!knownToExist && !(await this.isListed(tenantId))) {
      this.rememberMissing(tenantId);
      return undefined;
    }
    const doc = await this.clients.forTenant(tenantId);
    const { Item } = await doc.send(
      new GetCommand({ TableName: this.config.pooledTableName, Key: keys.registry(tenantId) }),
    );
    if (!Item) {
      this.registryCache.delete(tenantId);
      this.rememberMissing(tenantId);
      return undefined;
    }
    const record: TenantRecord = {
      tenantId: Item.tenantId,
      plan: Item.plan,
      tableName: Item.tableName,
      createdAt: Item.createdAt,
      ...(readOnlyDuring(Item.move) && { readOnly: true }),
    };
    this.remember(record);
    return record;
  }

  /** One Query of the sparse tenant listing (gsi1 "TENANTS", keyed by tenant id): a few bytes, no tenant data. */
  private async isListed(tenantId: string): Promise<boolean> {
    const { Items } = await this.listing.send(
      new QueryCommand({
        TableName: this.config.pooledTableName,
        IndexName: TENANT_LISTING.index,
        KeyConditionExpression: "gsi1pk = :tenants AND gsi1sk = :tenant",
        ExpressionAttributeValues: { ":tenants": TENANT_LISTING.partition, ":tenant": tenantId },
        ProjectionExpression: "tenantId",
        Limit: 1,
      }),
    );
    return (Items?.length ?? 0) > 0;
  }

  private remember(record: TenantRecord) {
    this.missing.delete(record.tenantId);
    this.registryCache.set(record.tenantId, {
      record,
      until: this.now() + (this.config.registryCacheMs ?? REGISTRY_CACHE_MS),
    });
  }

  private rememberMissing(tenantId: string) {
    const size = this.config.missingTenantCacheSize ?? MISSING_TENANT_CACHE_SIZE;
    // A Map iterates in insertion order: the first entry is the one remembered longest ago.
    this.missing.delete(tenantId);
    while (this.missing.size >= size) {
      const oldest = this.missing.keys().next().value;
      if (oldest === undefined) break;
      this.missing.delete(oldest);
    }
    this.missing.set(tenantId, this.now() + (this.config.missingTenantCacheMs ?? MISSING_TENANT_CACHE_MS));
  }

  /** The tenant's data, or undefined for a tenant that does not exist. */
  async forTenant(tenantId: string): Promise<TenantData | undefined> {
    const tenant = await this.findTenant(tenantId);
    if (!tenant) return undefined;
    const doc = this.guardWrites(await this.clients.forTenant(tenantId), tenant);
    return new TenantData(doc, tenant, this.config.pooledTableName, this.items);
  }

  /**
   * The tenant's client, refusing writes (503, tenantReadOnly) while the
   * tenant is read-only for a move, and once it has left the table this
   * TenantData was bound to. The registry is checked before every write, not
   * only when the TenantData is made, so a long job notices a move within
   * registryCacheMs too. Reads pass untouched. Every write drops the items it
   * touches from this store's ItemCache.
   */
  private guardWrites(doc: DynamoDBDocumentClient, bound: TenantRecord): DynamoDBDocumentClient {
    const send = doc.send.bind(doc) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
    const guarded = async (command: unknown, ...rest: unknown[]) => {
      if (WRITES.some((write) => command instanceof write)) {
        const current = await this.findTenant(bound.tenantId);
        if (!current) throw new Error(`Tenant ${bound.tenantId} is no longer in the registry.`);
        if (current.readOnly || current.tableName !== bound.tableName) throw tenantReadOnly();
        return this.items.written(command, () => send(command, ...rest));
      }
      return send(command, ...rest);
    };
    return Object.create(doc, { send: { value: guarded } }) as DynamoDBDocumentClient;
  }

  /**
   * Every tenant with its plan and time zone, for the nightly dispatcher: a
   * Query of the sparse tenant listing, with the caller's own credentials
   * (tenant sessions cannot read it).
   */
  async listTenants(): Promise<TenantListing[]> {
    const items = await queryAll(this.listing, {
      TableName: this.config.pooledTableName,
      IndexName: TENANT_LISTING.index,
      KeyConditionExpression: "gsi1pk = :tenants",
      ExpressionAttributeValues: { ":tenants": TENANT_LISTING.partition },
      ProjectionExpression: "tenantId, #plan, #zone",
      ExpressionAttributeNames: { "#plan": "plan", "#zone": "timeZone" },
    });
    return items as TenantListing[];
  }

  /**
   * Idempotency records of signups. There is no tenant yet when a signup
   * arrives, so they live in the pooled table under the tenant id the
   * Idempotency-Key derives.
   */
  async signupIdempotency(tenantId: string): Promise<IdempotencyRepository> {
    return new IdempotencyRepository(
      await this.clients.forTenant(tenantId),
      this.config.pooledTableName,
      tenantId,
    );
  }

  /**
   * Creates a tenant, always in the pooled table (the dedicated plan is an
   * operator's move, tenant-move.ts): in one transaction its registry record,
   * settings, first admin and admin count. A tenant is either wholly there or
   * not at all. It returns once the tenant listing shows the tenant (an index
   * is eventually consistent), so that another process looking the tenant up
   * at once does not take it for a made-up id.
   */
  async onboardTenant(input: {
    tenantId: string;
    settings: TenantSettings;
    admin: NewUser;
    now: string;
  }): Promise<TenantRecord> {
    const { tenantId, now } = input;
    const tableName = this.config.pooledTableName;
    // Whatever this process remembered about the id (a signup retried while the first was under way), it is out of date now.
    this.missing.delete(tenantId);
    const doc = await this.clients.forTenant(tenantId);
    const record: TenantRecord = { tenantId, plan: "pooled", tableName, createdAt: now };
    const notThere = "attribute_not_exists(pk)";
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.config.pooledTableName,
                Item: {
                  ...keys.registry(tenantId),
                  ...tenantListingKey(tenantId),
                  ...record,
                  timeZone: input.settings.timeZone,
                },
                ConditionExpression: notThere,
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: settingsItem(tenantId, input.settings, now),
                ConditionExpression: notThere,
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: userItem(tenantId, { ...input.admin, role: "admin" }, now),
                ConditionExpression: notThere,
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.adminCount(tenantId), activeAdmins: 1 },
                ConditionExpression: notThere,
              },
            },
          ],
        }),
      );
    } catch (error) {
      this.missing.delete(tenantId);
      if (failedConditions(error)) throw fail("tenant-exists");
      throw error;
    }
    this.remember(record);
    await this.untilListed(tenantId);
    return record;
  }

  /** Waits (up to about 3 s) until the tenant listing index shows the tenant; it usually takes well under a second. */
  private async untilListed(tenantId: string) {
    for (let attempt = 0; attempt < 30; attempt++) {
      if (await this.isListed(tenantId)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
