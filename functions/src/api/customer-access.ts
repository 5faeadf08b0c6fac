import type { VersionedSettings } from "@crm/data";
import {
  type Customer,
  type CustomFieldEntity,
  type CustomFieldValues,
  canSeeCustomer,
  checkCustomFields,
  DomainError,
  fail,
  invalid,
} from "@crm/domain";
import type { Context } from "hono";
import type { ZodError, ZodType } from "zod";
import type { AppEnv } from "./env.js";
import { problemBody, problemResponse, zodProblems } from "./problem.js";

/** Parses with a schema that depends on the tenant (its phone region); problems are listed as at the edge. */
export function parseForTenant<T>(schema: ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalid(zodProblems(result.error, raw));
  return result.data;
}

/**
 * Parses a customer or contact with a tenant schema and checks its custom
 * field values against the fields in force: every problem of both is listed.
 */
export async function parseWithCustomFields<T extends { customFields?: CustomFieldValues }>(
  c: Context<AppEnv>,
  schema: ZodType<T>,
  raw: unknown,
  entity: CustomFieldEntity,
  mode: "create" | "patch",
): Promise<T> {
  const result = schema.safeParse(raw);
  const fields = await c.var.tenant.customFields.list();
  const given = (raw as { customFields?: unknown } | null)?.customFields;
  const custom = checkCustomFields(
    fields,
    entity,
    mode,
    given && typeof given === "object" ? (given as CustomFieldValues) : undefined,
  );
  const problems = [...(result.success ? [] : zodProblems(result.error, raw)), ...custom.problems];
  if (problems.length > 0 || !result.success) throw invalid(problems);
  const { customFields: _given, ...rest } = result.data;
  return (custom.values ? { ...rest, customFields: custom.values } : rest) as T;
}

/**
 * A route hook for bodies the edge schema refused: the body is checked again
 * with the tenant's own schema (its phone region) and its custom fields, so
 * one answer lists every problem of the request.
 */
export function withTenantProblems(
  entity: CustomFieldEntity,
  mode: "create" | "patch",
  tenantSchema: (phoneRegion: string) => ZodType,
) {
  const hook = async (
    result: { success: true } | { success: false; error: ZodError; target: string },
    c: Context<AppEnv>,
  ) => {
    if (result.success || result.target !== "json") return;
    const raw = (await c.req.json().catch(() => null)) as { customFields?: unknown } | null;
    const given = raw?.customFields;
    const { settings } = await tenantSettings(c);
    const checked = tenantSchema(settings.phoneRegion).safeParse(raw);
    const custom = checkCustomFields(
      await c.var.tenant.customFields.list(),
      entity,
      mode,
      given && typeof given === "object" ? (given as CustomFieldValues) : undefined,
    );
    const errors = [...zodProblems(checked.success ? result.error : checked.error, raw), ...custom.problems];
    return problemResponse(
      c,
      problemBody("invalid-fields", { errors }, `The body has ${errors.length} problem(s).`),
    );
  };
  // Each route's hook type names its own success answer; this hook only ever answers a 400.
  return hook as never;
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

/** Whether the caller may see a customer with this owner (reps who see only their own: theirs only). */
async function seesOwner(c: Context<AppEnv>, ownerId: string): Promise<boolean> {
  return canSeeCustomer(c.var.principal, { ownerId }, (await tenantSettings(c)).settings.repVisibility);
}

/** Refuses, as not found, a customer the caller may not see: for a version read again inside a change. */
export async function mustSee(c: Context<AppEnv>, customer: Pick<Customer, "ownerId">): Promise<void> {
  if (!(await seesOwner(c, customer.ownerId))) throw fail("customer-not-found");
}

/**
 * The customer if the caller may see it; otherwise it does not exist for them
 * (404, as for another tenant's). The customer and the settings that say who
 * sees it are read at once, not one after the other.
 */
export async function visibleCustomer(c: Context<AppEnv>, id: string, consistent = false): Promise<Customer> {
  const settings = tenantSettings(c);
  // Read by the visibility check below, or by the caller's own use; never left to fail unheard.
  settings.catch(() => undefined);
  const customer = await c.var.tenant.customers.find(id, consistent).catch(async (error: unknown) => {
    throw await hidingUnseen(c, error, id);
  });
  if (!customer || !(await seesOwner(c, customer.ownerId))) throw fail("customer-not-found");
  return customer;
}

/**
 * Runs a change to customers and answers its refusal without naming a
 * customer the caller may not see: a 409 for a taken email or phone keeps
 * `existingId` only when the holder is visible to them.
 */
export async function revealingOnlyVisible<T>(c: Context<AppEnv>, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    throw await hidingUnseen(c, error);
  }
}

/**
 * The error as the caller may see it. A merged customer answers 410 with
 * `mergedInto` only when the survivor is visible; a merged customer the
 * caller could not see at all is 404, as any hidden one. A conflict names
 * `existingId` only when that customer is visible.
 */
async function hidingUnseen(c: Context<AppEnv>, error: unknown, subjectId?: string): Promise<unknown> {
  if (!(error instanceof DomainError)) return error;
  const visible = async (id: unknown) =>
    typeof id === "string" &&
    (await c.var.tenant.customers
      .find(id)
      .then(async (customer) => customer !== undefined && (await seesOwner(c, customer.ownerId)))
      .catch(() => false));
  if (error.kind === "gone" && typeof error.details.mergedInto === "string") {
    if (subjectId !== undefined) {
      const owner = await c.var.tenant.customers.ownerOf(subjectId);
      if (owner === undefined || !(await seesOwner(c, owner))) return fail("customer-not-found");
    }
    if (await visible(error.details.mergedInto)) return error;
    const { mergedInto: _hidden, ...details } = error.details;
    return new DomainError(error.code, details);
  }
  if (error.kind === "conflict" && "existingId" in error.details) {
    if (await visible(error.details.existingId)) return error;
    const { existingId: _hidden, ...details } = error.details;
    return new DomainError(error.code, details);
  }
  return error;
}
