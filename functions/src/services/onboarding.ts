import { createHash, randomBytes } from "node:crypto";
import {
  defaultSettings,
  fail,
  type Plan,
  type SignupInput,
  signupRegional,
  type TenantSettings,
  type User,
} from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { EmailTaken } from "../identity/identity.js";

export type SignupResult = { tenantId: string; plan: Plan; settings: TenantSettings; admin: User };

export const newTenantId = () => `t${randomBytes(12).toString("hex")}`;

/**
 * A signup retried with the same Idempotency-Key must land on the same tenant,
 * so the key decides the tenant id. The key is the client's secret for this
 * one signup; a guessed key reveals nothing but the answer already given.
 */
export const tenantIdFromKey = (key: string) =>
  `t${createHash("sha256").update(`signup\n${key}`).digest("hex").slice(0, 24)}`;

const emailTaken = () => fail("email-taken");

/**
 * Creates a tenant with its first admin, always on the pooled plan (moving a
 * tenant to a table of its own is an operator's action, `pnpm tenant:move`):
 * the account in the identity provider, then the tenant's records in one
 * transaction. If the records cannot be written, the account is removed
 * again, so a later signup with the same email is not refused for an account
 * that leads nowhere.
 */
export async function signUp(
  deps: ApiDeps,
  input: SignupInput,
  tenantId: string,
  now: Date,
  /** The signer's Accept-Language: their language and region when the signup names neither. */
  acceptLanguage?: string,
): Promise<SignupResult> {
  const { identity, store } = deps;
  let userId: string;
  let createdHere = false;
  try {
    ({ userId } = await identity.createUser({
      email: input.adminEmail,
      name: input.adminName,
      tenantId,
      role: "admin",
      password: input.password,
    }));
    createdHere = true;
  } catch (error) {
    if (!(error instanceof EmailTaken)) throw error;
    // A retry of a signup that died after creating the account: the account is ours to finish.
    const existing = await identity.findUser(input.adminEmail);
    if (!existing || existing.tenantId !== tenantId || (await store.findTenant(tenantId))) throw emailTaken();
    userId = existing.userId;
    await identity.setPassword(input.adminEmail, input.password);
  }
  const settings = defaultSettings({
    companyName: input.companyName,
    ...signupRegional(input, acceptLanguage),
    timeZone: input.timeZone,
  });
  try {
    const tenant = await store.onboardTenant({
      tenantId,
      settings,
      admin: { id: userId, email: input.adminEmail, name: input.adminName, role: "admin", passwordSet: true },
      now: now.toISOString(),
    });
    const data = await store.forTenant(tenant.tenantId);
    const admin = await data?.users.get(userId);
    if (!admin) throw new Error("The tenant was created without its admin.");
    return { tenantId, plan: tenant.plan, settings, admin };
  } catch (error) {
    if (createdHere) await identity.deleteUser(input.adminEmail);
    throw error;
  }
}
