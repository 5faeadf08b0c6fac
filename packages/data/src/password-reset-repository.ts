import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import {
  type HolderChange,
  type LinkStanding,
  type SecretLink,
  SecretLinkStore,
  type TakenLink,
} from "./secret-link-store.js";

export type PasswordReset = SecretLink;

/** Where a user stands with reset links, from their record (liveHash: their one live reset link). */
export type ResetStanding = LinkStanding;

/** A link taken: who it was for, to put back if the password cannot be set. */
export type ConsumedPasswordReset = TakenLink;

/** Only an active person who has set a password holds, or takes, a reset link. */
const JOINED_AND_ACTIVE: HolderChange = {
  condition: "active = :yes AND passwordSet = :yes",
  values: { ":yes": true },
};

/**
 * Password reset links of people who have joined, kept as invitation links
 * are (SecretLinkStore): by the hash of their token, at most one live link
 * per person, taken in one conditional transaction. A reset changes neither
 * the person's version nor anything an admin sees of them.
 */
export class PasswordResetRepository {
  private readonly links: SecretLinkStore;

  constructor(doc: DynamoDBDocumentClient, tableName: string, tenantId: string) {
    this.links = new SecretLinkStore(doc, tableName, tenantId, {
      key: keys.passwordReset,
      hashAttribute: "resetHash",
    });
  }

  standing(userId: string): Promise<ResetStanding | undefined> {
    return this.links.standing(userId);
  }

  /** The reset link stored under tokenHash (expired or not; whoever issued it); undefined when there is none. */
  find(tokenHash: string): Promise<PasswordReset | undefined> {
    return this.links.find(tokenHash);
  }

  /**
   * Makes tokenHash the person's one live reset link, replacing `replaces`.
   * False when their record moved since it was read (another link issued,
   * deactivated): the caller reads again and decides.
   */
  issue(tokenHash: string, reset: PasswordReset, replaces: string | undefined): Promise<boolean> {
    return this.links.issue(tokenHash, reset, replaces, JOINED_AND_ACTIVE);
  }

  /** Takes a link while it is live and its person active and joined; undefined otherwise. */
  consume(tokenHash: string, nowSeconds: number): Promise<ConsumedPasswordReset | undefined> {
    return this.links.take(tokenHash, nowSeconds, JOINED_AND_ACTIVE);
  }

  /**
   * Undoes a consume whose password could not be set: the link works again.
   * False when the person's record moved meanwhile (a newer link, deactivated).
   */
  restore(consumed: ConsumedPasswordReset): Promise<boolean> {
    return this.links.putBack(consumed, { condition: "active = :yes", values: { ":yes": true } });
  }
}
