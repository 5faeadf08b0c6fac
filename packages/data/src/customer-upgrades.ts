import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { nameOrderKey } from "@crm/domain";
import { inBatches, type WriteRequest, writeAll } from "./batch.js";
import type { CustomerItems, TransactAction } from "./customer-item.js";
import type { CustomerListings } from "./customer-listings.js";
import { keys } from "./keys.js";
import { isScoreListingKey } from "./score-listing.js";
import { contactSearchItems } from "./search-listing.js";
import { failedConditions } from "./transactions.js";

type Step = { rewritten: number; next?: Record<string, unknown> };

/** Upgrades of customers' stored items, one resumable page at a time. */
export class CustomerUpgrades {
  constructor(
    private readonly items: CustomerItems,
    private readonly listings: CustomerListings,
  ) {}

  /**
   * Writes again the listing items of one page of live customers (in name
   * order): for upgrades that add index keys to them. Puts of what the
   * profile says, so running a page twice changes nothing more.
   */
  async rewriteListings(cursor: Record<string, unknown> | undefined, limit: number): Promise<Step> {
    const page = await this.listings.byNamePage(cursor, limit);
    await writeAll(
      this.items.doc,
      this.items.tableName,
      page.customers.flatMap((customer) =>
        this.items.listingItems(customer).map((Item): WriteRequest => ({ PutRequest: { Item } })),
      ),
    );
    return { rewritten: page.customers.length, ...(page.next && { next: page.next }) };
  }

  /**
   * Upgrade to pinyin order and search by phone and email, one page of live
   * customers (in name order as stored) at a time: each profile's name sort
   * keys, its listing items by name (now also under its phones and emails)
   * and, for a company, its contacts' search items. A customer is written in
   * one transaction under the version (and stage) read, a contact's items
   * under the contact's version and the company's owner, so what an edit
   * wrote meanwhile (the new way already) is left as it is. The score lists
   * do not sort by name and are not touched. A page written twice changes nothing more.
   */
  async rewriteSearchListings(cursor: Record<string, unknown> | undefined, limit: number): Promise<Step> {
    const { doc, tableName, tenantId } = this.items;
    const page = await this.listings.byNamePage(cursor, limit);
    await inBatches(page.customers, 8, async (customer) => {
      const byName = nameOrderKey(customer.name, customer.id);
      const listing = this.items.listingItems(customer).filter((item) => !isScoreListingKey(item.sk));
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: this.items.key(customer.id),
                  UpdateExpression: "SET gsi1sk = :byName, gsi3sk = :byName",
                  ConditionExpression:
                    "#version = :version AND lifecycleStage = :stage AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto)",
                  ExpressionAttributeNames: { "#version": "version" },
                  ExpressionAttributeValues: {
                    ":byName": byName,
                    ":version": customer.version,
                    ":stage": customer.lifecycleStage,
                  },
                },
              },
              ...listing.map((Item): TransactAction => ({ Put: { TableName: tableName, Item } })),
            ],
          }),
        );
      } catch (error) {
        if (failedConditions(error)) return;
        throw error;
      }
      if (customer.kind !== "company") return;
      for (const contact of await this.items.contactsOf(customer.id)) {
        const items = contactSearchItems(tenantId, customer, contact);
        if (items.length === 0) continue;
        await doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: tableName,
                    Key: keys.contact(tenantId, customer.id, contact.id),
                    ConditionExpression: "#version = :version",
                    ExpressionAttributeNames: { "#version": "version" },
                    ExpressionAttributeValues: { ":version": contact.version },
                  },
                },
                this.items.ownerCheck(customer.id, customer.ownerId),
                ...items.map((Item): TransactAction => ({ Put: { TableName: tableName, Item } })),
              ],
            }),
          )
          .catch((error: unknown) => {
            if (!failedConditions(error)) throw error;
          });
      }
    });
    return { rewritten: page.customers.length, ...(page.next && { next: page.next }) };
  }
}
