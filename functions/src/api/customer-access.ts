import type { VersionedSettings } from "@crm/data";
import { type Customer, canSeeCustomer, invalid, notFound } from "@crm/domain";
import type { Context } from "hono";
import type { ZodType } from "zod";
import type { AppEnv } from "./env.js";
import { zodProblems } from "./problem.js";

/** Parses with a schema that depends on the tenant (its phone region); problems are listed as at the edge. */
export function parseForTenant<T>(schema: ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(zodProblems(result.error));
  return result.data;
}

/** The tenant's settings, read once per request however many checks need them. */
export function tenantSettings(c: Context<AppEnv>): Promise<VersionedSettings> {
  let settings = c.get("settings");
  if (!settings) {
    settings = c.var.tenant.settings.get();
    c.set("settings", settings);
  }
  return settings;
}

/** The customer if the caller may see it; otherwise it does not exist for them (404, as for another tenant's). */
export async function visibleCustomer(c: Context<AppEnv>, id: string, consistent = false): Promise<Customer> {
  const customer = await c.var.tenant.customers.find(id, consistent);
  if (
    !customer ||
    !canSeeCustomer(c.var.principal, customer, (await tenantSettings(c)).settings.repVisibility)
  ) {
    throw notFound("The customer");
  }
  return customer;
}
