import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Structured logs and business metrics (Powertools). Each request logs
 * through a child logger carrying its requestId, and its tenantId and userId
 * once the token is verified. Both are made on first use, so the embedded
 * stack can set POWERTOOLS_DEV (readable logs, no EMF metrics) before.
 */
let root: Logger | undefined;
let metrics: Metrics | undefined;
const serviceName = () => process.env.POWERTOOLS_SERVICE_NAME ?? "crm-api";

export function rootLogger(): Logger {
  root ??= new Logger({ serviceName: serviceName() });
  return root;
}

/** What a request logs through: its keys, and a line now and then. */
export type RequestLog = Pick<Logger, "appendKeys" | "info" | "warn" | "error">;

/**
 * A request's logger, its child logger made at its first line: most requests
 * write none, and making one costs more than a cached read.
 */
export function requestLog(persistentKeys: Record<string, string>): RequestLog {
  const keys: Record<string, string> = { ...persistentKeys };
  let child: Logger | undefined;
  const logger = () => {
    child ??= rootLogger().createChild({ persistentKeys: keys });
    return child;
  };
  return {
    appendKeys: (attributes) => {
      if (child) child.appendKeys(attributes);
      else Object.assign(keys, attributes);
    },
    info: (message, ...extra) => logger().info(message, ...extra),
    warn: (message, ...extra) => logger().warn(message, ...extra),
    error: (message, ...extra) => logger().error(message, ...extra),
  };
}

/**
 * Counts one business event as an EMF metric, flushed at once. The tenant is
 * never a dimension (one metric per tenant would cost $0.30 a month each and
 * grow without bound): it rides as a property, searchable in Logs Insights.
 * Dimensions are only of low, fixed cardinality (plan, role).
 */
export function countEvent(
  name: "Signup" | "SignInFailed" | "UserInvited" | "TenantThrottled" | "RateLimited",
  dimensions: Record<string, string> = {},
  properties: Record<string, string> = {},
) {
  metrics ??= new Metrics({ namespace: "CRM", serviceName: serviceName() });
  const metric = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimensions)) metric.addDimension(key, value);
  for (const [key, value] of Object.entries(properties)) metric.addMetadata(key, value);
  metric.addMetric(name, MetricUnit.Count, 1);
}
