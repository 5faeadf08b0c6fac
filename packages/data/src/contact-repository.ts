import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { applyCustomFieldChange, type Contact, type ContactPatch, fail, staleVersion } from "@crm/domain";
import { CustomerItems } from "./customer-item.js";
import { collections, keys } from "./keys.js";
import { contactSearchItems } from "./search-listing.js";
import { failedConditions, itemChanges, retryOnConflict } from "./transactions.js";

type Action = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * The people at a company customer, kept in the customer's partition (one
 * Query lists them). At most one is primary: making one primary clears the
 * other in the same transaction. A contact's phones and emails find its
 * company in a search: their search items are written with the contact.
 */
export class ContactRepository {
  private readonly customers: CustomerItems;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {
    this.customers = new CustomerItems(doc, tableName, tenantId);
  }

  async list(customerId: string): Promise<Contact[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :contact)",
        ExpressionAttributeValues: {
          ":pk": collections.customer(this.tenantId, customerId),
          ":contact": "CONTACT#",
        },
        ConsistentRead: true,
      }),
    );
    return (Items ?? [])
      .map(toContact)
      .sort((a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name));
  }

  async get(customerId: string, contactId: string): Promise<Contact> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.contact(this.tenantId, customerId, contactId),
        ConsistentRead: true,
      }),
    );
    if (!Item) throw fail("contact-not-found");
    return toContact(Item);
  }

  async create(contact: Contact): Promise<Contact> {
    return retryOnConflict(async () => {
      const actions: Action[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.contact(this.tenantId, contact.customerId, contact.id), ...contact },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...(contact.primary
          ? await this.demoteOthers(contact.customerId, contact.id, contact.updatedAt)
          : []),
      ];
      await this.writeWithSearch(contact.customerId, actions, undefined, contact);
      return contact;
    });
  }

  async update(
    customerId: string,
    contactId: string,
    patch: ContactPatch,
    expectedVersion: number,
    now: string,
  ) {
    return retryOnConflict(async () => {
      const before = await this.get(customerId, contactId);
      if (before.version !== expectedVersion) throw staleVersion(before.version);
      const merged = Object.fromEntries(
        Object.entries({
          ...before,
          ...patch,
          customFields: applyCustomFieldChange(before.customFields, patch.customFields),
        }).filter(([, value]) => value !== null && value !== undefined),
      ) as Contact;
      const after: Contact = { ...merged, updatedAt: now, version: before.version + 1 };
      const actions: Action[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.contact(this.tenantId, customerId, contactId), ...after },
            ConditionExpression: "#version = :expected",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": expectedVersion },
          },
        },
        ...(after.primary && !before.primary ? await this.demoteOthers(customerId, contactId, now) : []),
      ];
      try {
        await this.writeWithSearch(customerId, actions, before, after);
      } catch (error) {
        if (failedConditions(error)?.includes(0))
          throw staleVersion((await this.get(customerId, contactId)).version);
        throw error;
      }
      return after;
    });
  }

  async remove(customerId: string, contactId: string): Promise<void> {
    const before = await this.get(customerId, contactId);
    await retryOnConflict(() =>
      this.writeWithSearch(
        customerId,
        [{ Delete: { TableName: this.tableName, Key: keys.contact(this.tenantId, customerId, contactId) } }],
        before,
        undefined,
      ),
    );
  }

  /**
   * Writes a contact's change in one transaction with its search items (put
   * what is new, delete what went), which carry the company's owner, and a
   * check that the owner is still that one: a reassignment meanwhile makes
   * it read the owner and write again.
   */
  private async writeWithSearch(
    customerId: string,
    actions: Action[],
    before: Contact | undefined,
    after: Contact | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const ownerId = await this.customers.ownerOf(customerId, true);
      if (ownerId === undefined) throw fail("customer-not-found");
      const company = { id: customerId, ownerId };
      const all: Action[] = [
        ...actions,
        ...itemChanges(
          this.tableName,
          before ? contactSearchItems(this.tenantId, company, before) : [],
          after ? contactSearchItems(this.tenantId, company, after) : [],
        ),
        this.customers.ownerCheck(customerId, ownerId),
      ];
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: all }));
        return;
      } catch (error) {
        const failed = failedConditions(error) ?? [];
        const ownerMoved = failed.length > 0 && failed.every((index) => index === all.length - 1);
        if (!ownerMoved || attempt >= 4) throw error;
      }
    }
  }

  /** Clears the primary flag of the customer's current primary contact, if another. */
  private async demoteOthers(customerId: string, exceptId: string, now: string): Promise<Action[]> {
    const current = (await this.list(customerId)).filter(
      (contact) => contact.primary && contact.id !== exceptId,
    );
    return current.map((contact) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.contact(this.tenantId, customerId, contact.id),
        UpdateExpression: "SET #primary = :no, updatedAt = :now, #version = #version + :one",
        ConditionExpression: "#version = :version",
        ExpressionAttributeNames: { "#primary": "primary", "#version": "version" },
        ExpressionAttributeValues: { ":no": false, ":now": now, ":one": 1, ":version": contact.version },
      },
    }));
  }
}

function toContact(item: Record<string, unknown>): Contact {
  const { pk: _pk, sk: _sk, ...contact } = item;
  return contact as Contact;
}
