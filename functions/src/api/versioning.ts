import { DomainError } from "@crm/domain";
import type { Context } from "hono";

export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an edit was made against, from If-Match. Edits without one are
 * refused (428): a phone that lost the version must reload, not overwrite.
 */
export function expectedVersion(c: Context): number {
  const header = c.req.header("if-match");
  if (!header) {
    throw new DomainError("precondition-required", "Send If-Match with the ETag of the version you edited.");
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match?.[1])
    throw new DomainError("precondition-failed", "If-Match does not name a version of this record.");
  return Number(match[1]);
}
