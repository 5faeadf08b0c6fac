import { resolve } from "node:path";
import { startEmbeddedStack } from "@crm/embedded/stack";
import type { ApiConfig } from "@crm/functions/config";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    crm: { url: string; config: ApiConfig; signingKeyFile: string; mailInboxUrl: string };
  }
}

const ROOMY = { attempts: 1_000_000, windowSeconds: 15 * 60 };

/** One embedded stack for the run, in memory, on free ports: it runs beside a started CRM. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.POWERTOOLS_DEV = "true";
  const stack = await startEmbeddedStack({
    webDist: resolve(import.meta.dirname, "../../web/dist"),
    tenantLimit: { ratePerSecond: 10_000, burst: 10_000 },
    // Tests move tenants under the running API (test/support/tenant-move.ts): with no registry cache it follows at once.
    registryCacheSeconds: 0,
    // Every suite's request comes from 127.0.0.1, and the suites sign up and in hundreds of times.
    // test/api/rate-limits.test.ts builds apps of its own with the real limits and small ones.
    rateLimits: {
      signInFailuresPerAccount: ROOMY,
      perAddress: {
        signup: ROOMY,
        login: ROOMY,
        refresh: ROOMY,
        "accept-invitation": ROOMY,
        "forgot-password": ROOMY,
        "reset-password": ROOMY,
      },
      resetMailsPerAccount: ROOMY,
      // test/api/invitation-mail.test.ts builds an app of its own with the real invitation mail limits.
      invitationMailsPerRecipient: ROOMY,
      invitationMailsPerTenant: ROOMY,
    },
  });
  project.provide("crm", {
    url: stack.url,
    config: stack.config,
    signingKeyFile: stack.signingKeyFile,
    // The mail catcher every mail of the run lands in: tests read it through its REST API.
    mailInboxUrl: stack.mailInboxUrl,
  });
  return () => stack.stop();
}
