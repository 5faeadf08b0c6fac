import type { TenantData } from "@crm/data";
import { type Customer, noPurchases } from "@crm/domain";
import { createStore } from "@crm/functions/store";
import { crm } from "./api.js";

/** A tenant's data through the same data layer the API uses: for filling a tenant faster than HTTP would. */
export async function tenantData(tenantId: string): Promise<TenantData> {
  const tenant = await createStore(crm().config).forTenant(tenantId);
  if (!tenant) throw new Error(`no tenant ${tenantId}`);
  return tenant;
}

/**
 * Buyers with varied habits, recorded as real transactions (so the
 * aggregates are what the API would keep), drawn as the BG/NBD story has it
 * with a fixed seed: each buys at their own rate and may stop after any
 * purchase; first purchases spread over 2026. Owners take turns.
 */
export async function seedBuyers(
  tenant: TenantData,
  options: { count: number; owners: Array<{ id: string; name: string }>; label: string },
): Promise<Customer[]> {
  const customers: Customer[] = [];
  let seed = 7;
  const random = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  for (let i = 0; i < options.count; i++) {
    const owner = options.owners[i % options.owners.length] as { id: string; name: string };
    const createdAt = "2026-01-01T00:00:00.000Z";
    const customer: Customer = {
      id: crypto.randomUUID(),
      kind: "person",
      type: "consumer",
      name: `${options.label} ${String(i).padStart(3, "0")}`,
      emails: [],
      phones: [],
      tags: [],
      lifecycleStage: "prospect",
      ownerId: owner.id,
      createdAt,
      updatedAt: createdAt,
      lastActivityAt: createdAt,
      version: 1,
      purchases: noPurchases("CNY"),
    };
    await tenant.customers.create(customer, owner);
    const day = 86_400_000;
    // Purchases a week: from about one a quarter to one a fortnight; drop-out chance after each: 10–40%.
    const rate = 0.08 + random() * 0.5;
    const dropOut = 0.1 + random() * 0.3;
    const last = Date.UTC(2026, 10, 20);
    let at = Date.UTC(2026, 0, 1) + Math.floor(random() * 300) * day;
    for (let p = 0; at <= last && p < 12; p++) {
      await tenant.transactions.record(
        {
          id: crypto.randomUUID(),
          customerId: customer.id,
          occurredAt: new Date(at).toISOString(),
          createdAt: new Date(at).toISOString(),
          amount: 5_000 + Math.round(random() * 20) * 1_000,
          currency: "CNY",
          kind: "purchase",
        },
        new Date(at).toISOString(),
        "Asia/Shanghai",
      );
      if (random() < dropOut) break;
      at += Math.ceil((-Math.log(1 - random()) / rate) * 7) * day;
    }
    customers.push(customer);
  }
  return customers;
}
