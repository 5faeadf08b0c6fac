import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import {
  type HolderChange,
  type LinkStanding,
  type SecretLink,
  SecretLinkStore,
  type TakenLink,
} from "./secret-link-store.js";

export type Invitation = SecretLink;

/** Where a user stands with invitations, from their record (liveHash: their one live invitation link). */
export type InvitationStanding = LinkStanding & {
  /** When an invitation was accepted; unset for people who signed up or never joined. */
  joinedAt?: string;
};

/** What an issue is made against: the link it replaces, or a joining that never finished. */
export type IssueBasis = { replaces: string | undefined } | { reopensJoinedAt: string };

/** A link taken: who it was for and the joining it started, to undo if the password cannot be set. */
export type ConsumedInvitation = TakenLink & { joinedAt: string };

/**
 * A joining undone (it stopped, or its password could not be set): the person
 * is invited again, a change an admin sees. Holds while the joining is the one read.
 */
const unjoin = (joinedAt: string, now: string): HolderChange => ({
  condition: "passwordSet = :yes AND joinedAt = :joinedAt",
  set: ["passwordSet = :no", "updatedAt = :now", "#version = #version + :one"],
  remove: ["joinedAt"],
  names: { "#version": "version" },
  values: { ":yes": true, ":no": false, ":joinedAt": joinedAt, ":now": now, ":one": 1 },
});

/**
 * Invitation links, kept by SecretLinkStore: by the hash of their token, at
 * most one live link per person, issued and taken in one conditional
 * transaction each. Taking one marks the person as having joined.
 */
export class InvitationRepository {
  private readonly links: SecretLinkStore;

  constructor(doc: DynamoDBDocumentClient, tableName: string, tenantId: string) {
    this.links = new SecretLinkStore(doc, tableName, tenantId, {
      key: keys.invitation,
      hashAttribute: "invitationHash",
    });
  }

  async standing(userId: string): Promise<InvitationStanding | undefined> {
    const record = await this.links.holder(userId);
    if (!record) return undefined;
    return { ...this.links.standingIn(record), ...(record.joinedAt && { joinedAt: record.joinedAt }) };
  }

  /**
   * Makes tokenHash the user's one live link. False when the user's record
   * moved since `basis` was read (another link issued, the person joined):
   * the caller reads again and decides.
   */
  issue(tokenHash: string, invitation: Invitation, basis: IssueBasis, now: string): Promise<boolean> {
    if ("reopensJoinedAt" in basis) {
      // A joining that stopped before the password was set: the person is invited again.
      return this.links.issueWith(tokenHash, invitation, unjoin(basis.reopensJoinedAt, now));
    }
    return this.links.issue(tokenHash, invitation, basis.replaces, {
      condition: "passwordSet = :no",
      values: { ":no": false },
    });
  }

  /**
   * Takes a link and marks its person as having joined, while the link is
   * live and the person active and not joined. Undefined otherwise. A
   * password set by any means kills a reset link the person may still hold
   * (one issued before a joining that was undone): its hash leaves the
   * record, so it cannot be taken, and TTL removes its item.
   */
  async consume(tokenHash: string, nowSeconds: number, now: string): Promise<ConsumedInvitation | undefined> {
    const taken = await this.links.take(tokenHash, nowSeconds, {
      condition: "active = :yes AND passwordSet = :no",
      set: ["passwordSet = :yes", "joinedAt = :at", "updatedAt = :at", "#version = #version + :one"],
      remove: ["resetHash"],
      names: { "#version": "version" },
      values: { ":yes": true, ":no": false, ":at": now, ":one": 1 },
    });
    return taken && { ...taken, joinedAt: now };
  }

  /**
   * Undoes a consume whose password could not be set: the link works again.
   * False when the record moved meanwhile (then an admin issues a new link).
   */
  restore(consumed: ConsumedInvitation, now: string): Promise<boolean> {
    const { joinedAt, ...taken } = consumed;
    return this.links.putBack(taken, unjoin(joinedAt, now));
  }
}
