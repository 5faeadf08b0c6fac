import { fail } from "@crm/domain";
import type { Context } from "hono";

export const etagOf = (version: number) => `"${version}"`;

const STRONG_VERSION_TAG = /^"(\d+)"$/;

/**
 * The version an If-Match header names, compared strongly as HTTP requires
 * (RFC 9110, 13.1.1): only a strong tag such as "3" names one. A weak tag
 * (W/"3") never matches, and neither does "*", a bare number or a list naming
 * two versions: each answers version-unknown (412).
 */
export function versionOfIfMatch(header: string): number {
  const strong = new Set<number>();
  for (const tag of header.split(",")) {
    const match = STRONG_VERSION_TAG.exec(tag.trim());
    if (match?.[1]) strong.add(Number(match[1]));
  }
  const [version, ...others] = strong;
  if (version === undefined || others.length > 0) throw fail("version-unknown");
  return version;
}

/**
 * The version an edit was made against, from If-Match. Edits without one are
 * refused (428): a phone that lost the version must reload, not overwrite.
 */
export function expectedVersion(c: Context): number {
  const header = c.req.header("if-match");
  if (!header) {
    throw fail("version-required");
  }
  return versionOfIfMatch(header);
}
