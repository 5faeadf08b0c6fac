/**
 * The Host check of the embedded stack's servers (the CRM's and the mail
 * inbox's), in plain JavaScript: the mail catcher's launcher runs on plain
 * Node and imports it too.
 *
 * A web page can make the browser send its requests to a port on this
 * machine under the page's own domain name, by pointing that name's DNS at
 * 127.0.0.1 once the page has loaded (DNS rebinding). The browser then lets
 * the page read every answer: to it, they come from its own origin. Such a
 * request carries that domain name in its Host header; a request meant for
 * this machine names it by an IP address or `localhost`, names nobody else
 * can point anywhere. So only those are served, with any port: an IP literal
 * keeps `HOST=0.0.0.0` reachable from a phone at the machine's LAN address.
 */
import { isIPv4, isIPv6 } from "node:net";

/**
 * Whether a Host header names this machine as only its owner can: an IPv4
 * literal, a bracketed IPv6 literal or `localhost`, each with an optional
 * port. Anything else (a domain name, no header at all) is refused.
 * @param {string | null | undefined} host
 * @returns {boolean}
 */
export function isLocalHost(host) {
  if (!host) return false;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(host);
  if (!match) return false;
  const [, ipv6, name = ""] = match;
  if (ipv6 !== undefined) return isIPv6(ipv6);
  return isIPv4(name) || name.toLowerCase() === "localhost";
}
