import { isIPv4, isIPv6 } from "node:net";

/** What requests are counted under when the runtime names no address (app.request in tests). */
export const UNKNOWN_ADDRESS = "unknown";

type RuntimeEnv = {
  /** In Lambda (hono/aws-lambda): API Gateway's event, whose source IP is the TCP peer API Gateway saw. */
  event?: { requestContext?: { http?: { sourceIp?: string } } };
  /** On Node (@hono/node-server): the request's socket. */
  incoming?: { socket?: { remoteAddress?: string } };
};

/**
 * Who sent a request, as the network says: API Gateway's source IP in Lambda,
 * the socket's peer on Node. Never X-Forwarded-For or any other header: the
 * client writes those, and would get a fresh limit with every made-up value.
 */
export function clientAddress(env: unknown): string {
  const runtime = env as RuntimeEnv | undefined;
  const address = runtime?.event?.requestContext?.http?.sourceIp ?? runtime?.incoming?.socket?.remoteAddress;
  return address ? addressSubject(address) : UNKNOWN_ADDRESS;
}

/**
 * The subject a limit counts for an address: an IPv4 address as it is (an
 * IPv4-mapped IPv6 address as its IPv4), an IPv6 address as its /64, since
 * one household or phone gets a whole /64 and could otherwise take a new
 * address for every request.
 */
export function addressSubject(address: string): string {
  const bare = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(bare)) return bare;
  const groups = (part: string) =>
    part === "" ? [] : part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group]));
  const [head = "", tail] = bare.split("::");
  const full =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill("0"), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
