import { type MoveOptions, moveTenant } from "@crm/data";
import type { Plan } from "@crm/domain";
import { dynamoConnection } from "@crm/functions/config";
import { crm } from "./api.js";

/**
 * Moves a tenant as `pnpm tenant:move` does, on the test stack. Its API keeps
 * no registry cache (global-setup), so the move need not wait for processes
 * to notice it: settleMs 0 unless a test says otherwise.
 */
export async function moveTenantTo(tenantId: string, to: Plan, options: Partial<MoveOptions> = {}) {
  const { config } = crm();
  return moveTenant(
    dynamoConnection(config),
    { pooledTableName: config.tableName, tenantTablePrefix: config.tenantTablePrefix },
    tenantId,
    to,
    { settleMs: 0, ...options },
  );
}

/** The table of the tenant's own on the test stack. */
export const dedicatedTableOf = (tenantId: string) => `${crm().config.tenantTablePrefix}${tenantId}`;
