/**
 * Whether an error says a service the CRM depends on (DynamoDB, the identity
 * provider) could not be reached or did not answer in time, rather than that
 * the request was wrong: such a request may succeed when simply tried again.
 * The API answers it 503 with Retry-After; the local job queue tries the job
 * again, with backoff, until the service is back.
 */
export function isServiceUnreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const { code, name } = error as Error & { code?: unknown };
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  if (UNREACHABLE_NAMES.has(name) || /socket hang up/i.test(error.message)) return true;
  // Node gives several refusals at once (one per address tried); fetch wraps the socket's error in `cause`.
  if (error instanceof AggregateError && error.errors.some((inner) => isServiceUnreachable(inner, depth + 1)))
    return true;
  return isServiceUnreachable(error.cause, depth + 1);
}

/** Seconds a client is told to wait: about what the embedded stack takes to restart a part that died. */
export const UNREACHABLE_RETRY_AFTER_SECONDS = 5;

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_SOCKET",
  "ERR_JWKS_TIMEOUT",
]);

/** The AWS SDK's names for the same: its timeouts, its networking errors, and a service saying it is unavailable. */
const UNREACHABLE_NAMES = new Set([
  "TimeoutError",
  "NetworkingError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "JWKSTimeout",
]);
