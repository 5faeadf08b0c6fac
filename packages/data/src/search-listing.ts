import { type Contact, contactPointKeys, nameOrderKey, type SearchMatch } from "@crm/domain";
import { collections, type ItemKey, keys, SEARCH_KEY_KINDS, type SearchKeyKind } from "./keys.js";

/** The first character (not UTF-16 unit) of a search key: search lists are partitioned by it. */
export const firstCharacter = (text: string) => [...text][0] ?? "";

/**
 * An item that puts a customer in the search lists of one kind (names,
 * phones, emails) under one key: the tenant-wide one (gsi1) and its owner's
 * (gsi2), both by the key's sort form (pinyin order). `match` says what a
 * phone or email key is (the customer's own, or a contact's), so a search
 * can show it.
 */
export function searchListingItem(
  tenantId: string,
  customer: { id: string; ownerId: string },
  itemKey: ItemKey,
  searchKey: string,
  kind: SearchKeyKind,
  match?: SearchMatch,
): Record<string, unknown> {
  const sortKey = nameOrderKey(searchKey, customer.id);
  return {
    ...itemKey,
    customerId: customer.id,
    ownerId: customer.ownerId,
    gsi1pk: collections.customerSearchKeys(tenantId, searchKey, kind),
    gsi1sk: sortKey,
    gsi2pk: collections.ownerListing(
      tenantId,
      customer.ownerId,
      SEARCH_KEY_KINDS[kind].list,
      firstCharacter(searchKey),
    ),
    gsi2sk: sortKey,
    ...(match && { match }),
  };
}

/**
 * The items under which a company is found by one contact's phones and
 * emails. They live in the company's partition and carry its owner: a
 * contact's write puts and deletes them with the contact, and a change of
 * owner writes them again (CustomerRepository.reownContactSearch).
 */
export function contactSearchItems(
  tenantId: string,
  customer: { id: string; ownerId: string },
  contact: Pick<Contact, "id" | "name" | "phones" | "emails">,
): Record<string, unknown>[] {
  return contactPointKeys(contact, { id: contact.id, name: contact.name }).map(({ kind, key, match }) =>
    searchListingItem(
      tenantId,
      customer,
      keys.contactSearchKey(tenantId, customer.id, contact.id, key),
      key,
      kind,
      match,
    ),
  );
}
