import type { TenantData } from "@crm/data";
import { loadNameReadings, localDate } from "@crm/domain";
import type { ApiDeps } from "@crm/functions/api/env";
import { runJob } from "@crm/functions/jobs/run-job";
import { startScoring } from "@crm/functions/jobs/scoring-job";
import { signUp, tenantIdFromKey } from "@crm/functions/services/onboarding";
import { loadDemoCustomers } from "./demo-customers.js";

/** The demo tenant is made once: its id derives from this key, as a retried signup's would. */
const DEMO_KEY = "demo-tenant-2026";
const PASSWORD = "DemoCrm2026";

const TEAM = [
  { email: "manager@demo.example.com", name: "王芳 Wang Fang", role: "manager" },
  { email: "rep@demo.example.com", name: "李强 Li Qiang", role: "rep" },
  { email: "rep2@demo.example.com", name: "Emma Chen", role: "rep" },
] as const;

/**
 * A living tenant for people trying the CRM: an admin, a manager and two reps
 * who can all sign in, and 30 customers with a year of purchases. Each later
 * capability adds its records here.
 */
export async function loadDemoTenant(deps: ApiDeps) {
  // Demo customers have Chinese names: their search keys need the pinyin dictionary.
  await loadNameReadings();
  const tenantId = tenantIdFromKey(DEMO_KEY);
  const adminEmail = "admin@demo.example.com";
  const result = {
    adminEmail,
    repEmail: "rep@demo.example.com",
    password: PASSWORD,
    /** What `start --demo` prints: one login per role. */
    logins: [
      { role: "admin", email: adminEmail },
      { role: "manager", email: "manager@demo.example.com" },
      { role: "rep", email: "rep@demo.example.com" },
    ] as const,
    created: false,
    customers: 0,
    transactions: 0,
  };
  if (await deps.store.findTenant(tenantId)) {
    // Loaded before demos were scored: score it now, once.
    const tenant = await deps.store.forTenant(tenantId);
    if (tenant && (await tenant.scoring.list({ limit: 1 })).items.length === 0) await scoreNow(deps, tenant);
    return result;
  }
  const now = new Date();
  const signedUp = await signUp(
    deps,
    {
      companyName: "星河贸易 Galaxy Trading",
      adminName: "陈静 Chen Jing",
      adminEmail,
      password: PASSWORD,
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
    },
    tenantId,
    now,
  );
  const tenant = await deps.store.forTenant(tenantId);
  if (!tenant) throw new Error("The demo tenant was not created.");
  const owners = [{ id: signedUp.admin.id, name: signedUp.admin.name }];
  for (const member of TEAM) {
    const { userId } = await deps.identity.createUser({ ...member, tenantId, password: PASSWORD });
    await tenant.users.create({ id: userId, ...member, passwordSet: true }, now.toISOString());
    owners.push({ id: userId, name: member.name });
  }
  const { settings } = await tenant.settings.get();
  const loaded = await loadDemoCustomers(tenant, owners, settings, now);
  // Scored as it loads, so its analytics and customers' scores show at once instead of after the first night.
  await scoreNow(deps, tenant, signedUp.admin.id);
  return { ...result, created: true, ...loaded };
}

/** One scoring run of the tenant, with the job code the queue runs, finished before this returns. */
async function scoreNow(deps: ApiDeps, tenant: TenantData, requestedBy?: string) {
  const now = new Date();
  const { settings } = await tenant.settings.get();
  await startScoring(
    tenant,
    { trigger: "manual", date: localDate(now, settings.timeZone), ...(requestedBy && { requestedBy }) },
    now,
    async (messages) => {
      for (const message of messages) await runJob(deps.store, message);
    },
  );
}
