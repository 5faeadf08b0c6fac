import { resolve } from "node:path";
import type { ApiConfig } from "@crm/functions/config";
import { startEmbeddedStack } from "@crm/functions/embedded/stack";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    crm: { url: string; config: ApiConfig };
  }
}

/** One embedded stack for the run, in memory, on free ports: it runs beside a started CRM. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.POWERTOOLS_DEV = "true";
  const stack = await startEmbeddedStack({
    webDist: resolve(import.meta.dirname, "../../web/dist"),
    tenantLimit: { ratePerSecond: 10_000, burst: 10_000 },
  });
  project.provide("crm", { url: stack.url, config: stack.config });
  return () => stack.stop();
}
