import { z } from "zod";

// The keys customers are found by, and how a search is read, are in search-keys.ts.

/** What a customer was found by when it was not its name: one of its phones or emails, or a contact's. */
export const SearchMatchSchema = z
  .object({
    field: z.enum(["phones", "emails"]),
    /** The phone (E.164) or email as stored. */
    value: z.string(),
    /** The contact (of a company) it belongs to, when it is not the customer's own. */
    contact: z.object({ id: z.string(), name: z.string() }).optional(),
  })
  .meta({ id: "SearchMatch" });
export type SearchMatch = z.infer<typeof SearchMatchSchema>;
