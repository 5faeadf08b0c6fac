import { LIMITS_TABLE_DESIGN, TABLE_DESIGN, tenantTableName } from "@crm/data";
import { Arn, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { isProd, type Stage } from "./stage.js";

/**
 * The single table, built from the data package's TABLE_DESIGN: the same keys
 * and indexes the embedded stack and `pnpm tenant:move` use. Dedicated tenants'
 * tables are created by an operator's `pnpm tenant:move` (not by CloudFormation),
 * named tenantTablePrefix + tenant id.
 */
export class Data extends Construct {
  readonly table: TableV2;
  /** Rate-limit counters of the public routes (LIMITS_TABLE_DESIGN): no tenant's data. */
  readonly limitsTable: TableV2;
  readonly tenantTablePrefix: string;
  /** Matches every dedicated tenant's table, for IAM. */
  readonly tenantTablesArn: string;

  constructor(scope: Construct, id: string, props: { stage: Stage }) {
    super(scope, id);
    const prod = isProd(props.stage);
    const tableName = `crm-${props.stage}`;
    this.tenantTablePrefix = `${tableName}-tenant-`;
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, "Table", {
      tableName,
      partitionKey: key(TABLE_DESIGN.partitionKey),
      sortKey: key(TABLE_DESIGN.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      globalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
      })),
    });
    // Counters live minutes and are rebuilt by the next request: nothing to back up or keep.
    this.limitsTable = new TableV2(this, "Limits", {
      tableName: `${tableName}-limits`,
      partitionKey: key(LIMITS_TABLE_DESIGN.partitionKey),
      sortKey: key(LIMITS_TABLE_DESIGN.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: LIMITS_TABLE_DESIGN.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.tenantTablesArn = Arn.format(
      { service: "dynamodb", resource: "table", resourceName: tenantTableName(this.tenantTablePrefix, "*") },
      Stack.of(this),
    );
  }
}
