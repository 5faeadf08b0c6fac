import type { Customer } from "./customer.js";
import { noPurchases } from "./purchases.js";

/** A plain customer for unit tests of rules about customers; `extra` sets what a test is about. */
export const customerExample = (extra: Partial<Customer> = {}): Customer => ({
  id: "c1",
  kind: "person",
  type: "consumer",
  name: "Zhang Wei",
  emails: [],
  phones: [],
  ownerId: "u1",
  tags: [],
  lifecycleStage: "new",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  lastActivityAt: "2026-01-01T00:00:00.000Z",
  purchases: noPurchases("CNY"),
  version: 3,
  ...extra,
});
