import { createDeps } from "../deps.js";
import { createApi } from "./app.js";

/** The API as the Lambda builds it, for unit tests of requests that need no data (nothing reaches AWS). */
export function offlineApi(webUrl?: string) {
  return createApi(
    createDeps({
      region: "eu-west-1",
      tableName: "crm-dev",
      tenantTablePrefix: "crm-dev-tenant-",
      limitsTableName: "crm-dev-limits",
      userPoolId: "eu-west-1_pool",
      userPoolClientId: "client",
      ...(webUrl !== undefined && { webUrl }),
    }),
  );
}
