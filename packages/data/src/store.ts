import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  conflict,
  type ExportJob,
  type ImportJob,
  type Plan,
  type TenantRecord,
  type TenantSettings,
} from "@crm/domain";
import { AuditRepository } from "./audit-repository.js";
import { createDocumentClient } from "./client.js";
import { ContactRepository } from "./contact-repository.js";
import { CustomFieldRepository } from "./custom-field-repository.js";
import { CustomerRepository } from "./customer-repository.js";
import { FileJobRepository } from "./file-job-repository.js";
import { IdempotencyRepository } from "./idempotency-repository.js";
import { InvitationRepository } from "./invitation-repository.js";
import { keys, TENANT_LISTING, tenantListingKey } from "./keys.js";
import { queryAll } from "./paging.js";
import { ScoringRepository } from "./scoring-repository.js";
import { SeatSnapshotRepository } from "./seat-snapshot-repository.js";
import { SettingsRepository, settingsItem } from "./settings-repository.js";
import { tenantTableName } from "./table.js";
import { ensureTable } from "./tables.js";
import type { TenantClients } from "./tenant-clients.js";
import { TransactionRepository } from "./transaction-repository.js";
import { failedConditions } from "./transactions.js";
import { type NewUser, UserRepository, userItem } from "./user-repository.js";

export type TenantListing = { tenantId: string; plan: Plan; timeZone: string };

export type StoreConfig = {
  /** The shared table: pooled tenants' data and every tenant's registry record. */
  pooledTableName: string;
  /** Dedicated tenants' tables are this prefix plus the tenant id. */
  tenantTablePrefix: string;
};

/** One tenant's data. Every repository is bound to the tenant: none takes a tenant id. */
export class TenantData {
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly invitations: InvitationRepository;
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

  constructor(
    doc: DynamoDBDocumentClient,
    readonly tenant: TenantRecord,
    registryTableName: string,
  ) {
    this.settings = new SettingsRepository(doc, tenant.tableName, tenant.tenantId, registryTableName);
    this.seatSnapshots = new SeatSnapshotRepository(doc, tenant.tableName, tenant.tenantId);
    this.customers = new CustomerRepository(doc, tenant.tableName, tenant.tenantId);
    this.audit = new AuditRepository(doc, tenant.tableName, tenant.tenantId);
    this.contacts = new ContactRepository(doc, tenant.tableName, tenant.tenantId);
    this.customFields = new CustomFieldRepository(doc, tenant.tableName, tenant.tenantId);
    this.imports = new FileJobRepository(doc, tenant.tableName, tenant.tenantId, "IMPORT");
    this.exports = new FileJobRepository(doc, tenant.tableName, tenant.tenantId, "EXPORT");
    this.transactions = new TransactionRepository(doc, tenant.tableName, tenant.tenantId);
    this.scoring = new ScoringRepository(doc, tenant.tableName, tenant.tenantId);
    this.users = new UserRepository(doc, tenant.tableName, tenant.tenantId);
    this.invitations = new InvitationRepository(doc, tenant.tableName, tenant.tenantId);
    this.idempotency = new IdempotencyRepository(doc, tenant.tableName, tenant.tenantId);
  }
}

/**
 * The data layer's entry point. It alone knows which table holds a tenant:
 * it reads the tenant registry once per warm process and remembers the answer.
 * Every item is reached through the tenant's own client (in AWS, credentials
 * narrowed to the tenant's keys); `control` only creates dedicated tables.
 */
export class CrmStore {
  private readonly registryCache = new Map<string, TenantRecord>();

  constructor(
    private readonly clients: TenantClients,
    private readonly control: DynamoDBClient,
    private readonly config: StoreConfig,
  ) {}

  async findTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const cached = this.registryCache.get(tenantId);
    if (cached) return cached;
    const doc = await this.clients.forTenant(tenantId);
    const { Item } = await doc.send(
      new GetCommand({ TableName: this.config.pooledTableName, Key: keys.registry(tenantId) }),
    );
    if (!Item) return undefined;
    const record: TenantRecord = {
      tenantId: Item.tenantId,
      plan: Item.plan,
      tableName: Item.tableName,
      createdAt: Item.createdAt,
    };
    this.registryCache.set(tenantId, record);
    return record;
  }

  /** The tenant's data, or undefined for a tenant that does not exist. */
  async forTenant(tenantId: string): Promise<TenantData | undefined> {
    const tenant = await this.findTenant(tenantId);
    return (
      tenant && new TenantData(await this.clients.forTenant(tenantId), tenant, this.config.pooledTableName)
    );
  }

  /**
   * Every tenant with its plan and time zone, for the nightly dispatcher: a
   * Query of the sparse tenant listing, with the caller's own credentials
   * (tenant sessions cannot read it).
   */
  async listTenants(): Promise<TenantListing[]> {
    const items = await queryAll(createDocumentClient(this.control), {
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
   * Creates a tenant: its table when dedicated, then in one transaction its
   * registry record, settings, first admin and admin count. A tenant is either
   * wholly there or not at all.
   */
  async onboardTenant(input: {
    tenantId: string;
    plan: Plan;
    settings: TenantSettings;
    admin: NewUser;
    now: string;
  }): Promise<TenantRecord> {
    const { tenantId, plan, now } = input;
    const tableName =
      plan === "dedicated"
        ? tenantTableName(this.config.tenantTablePrefix, tenantId)
        : this.config.pooledTableName;
    if (plan === "dedicated") await ensureTable(this.control, tableName);
    const doc = await this.clients.forTenant(tenantId);
    const record: TenantRecord = { tenantId, plan, tableName, createdAt: now };
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
      if (failedConditions(error)) throw conflict("This tenant exists already.");
      throw error;
    }
    this.registryCache.set(tenantId, record);
    return record;
  }
}
