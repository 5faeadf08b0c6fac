import type { Actor, TenantData } from "@crm/data";
import { type Customer, type LifecycleStage, newCustomerSchema, noPurchases } from "@crm/domain";

/**
 * The demo company's customers: people and companies, Chinese and English,
 * spread over the reps, with a year of purchases (and a few refunds) whose
 * rhythm differs by customer, so lists, filters and later the scores have
 * something real to show. Seeded random: every demo looks the same.
 */
const PEOPLE = [
  "张伟",
  "王静",
  "李娜",
  "刘洋",
  "陈杰",
  "杨敏",
  "赵磊",
  "黄丽",
  "周强",
  "吴芳",
  "徐明",
  "孙悦",
  "马超",
  "朱婷",
  "胡军",
  "Olivia Brown",
  "Liam Wilson",
  "Sophia Martin",
  "Noah Lee",
  "Ava Thompson",
];
const COMPANIES = [
  ["上海星辰科技有限公司", "软件"],
  ["杭州云帆电子商务有限公司", "电商"],
  ["深圳海岸物流有限公司", "物流"],
  ["北京博雅教育咨询有限公司", "教育"],
  ["广州南方食品有限公司", "食品"],
  ["成都天府文化传媒有限公司", "传媒"],
  ["Northwind Traders", "Retail"],
  ["Blue Harbor Logistics", "Logistics"],
  ["Acme Industrial Supply", "Manufacturing"],
  ["Greenleaf Organics", "Food"],
] as const;
const TAGS = ["vip", "展会2026", "wechat", "referral", "newsletter"];
const STAGES: LifecycleStage[] = ["prospect", "new", "growing", "mature", "at-risk", "churned"];
const CHANNELS = ["store", "online", "phone", "wechat"];

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function loadDemoCustomers(
  tenant: TenantData,
  owners: Array<{ id: string; name: string }>,
  settings: { phoneRegion: string; currency: string; timeZone: string },
  now: Date,
) {
  const { phoneRegion, currency, timeZone } = settings;
  const next = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const schema = newCustomerSchema(phoneRegion);
  const year = 365 * 86_400_000;
  const entries = [
    ...PEOPLE.map((name) => ({ kind: "person" as const, name })),
    ...COMPANIES.map(([name, industry]) => ({
      kind: "company" as const,
      name,
      industry,
      type: "business" as const,
    })),
  ];
  let transactions = 0;
  for (const [index, entry] of entries.entries()) {
    const owner = owners[index % owners.length] as { id: string; name: string };
    const input = schema.parse({
      ...entry,
      phones: [`138${String(10_000_000 + index * 1_234_567).slice(-8)}`],
      emails: [`customer${index + 1}@demo-customers.example.com`],
      tags: [...new Set([pick(TAGS), ...(next() < 0.3 ? [pick(TAGS)] : [])])],
      lifecycleStage: pick(STAGES),
      source: pick(["展会", "官网", "转介绍", "Website", "Referral"]),
    });
    const createdAt = new Date(now.getTime() - year - next() * 30 * 86_400_000).toISOString();
    const customer: Customer = {
      ...input,
      ownerId: owner.id,
      id: crypto.randomUUID(),
      createdAt,
      updatedAt: createdAt,
      lastActivityAt: createdAt,
      version: 1,
      purchases: noPurchases(currency),
    };
    const by: Actor = owner;
    await tenant.customers.create(customer, by);
    // Some buy monthly, some a few times a year, some stopped half a year ago.
    const rhythm = pick([12, 6, 3, 1]);
    const stoppedAt = next() < 0.25 ? now.getTime() - year / 2 : now.getTime();
    for (
      let at = Date.parse(createdAt) + next() * (year / rhythm);
      at < stoppedAt;
      at += (year / rhythm) * (0.6 + next() * 0.8)
    ) {
      const amount = Math.round((entry.kind === "company" ? 200_000 : 20_000) * (0.4 + next() * 1.6));
      const occurredAt = new Date(at).toISOString();
      await tenant.transactions.record(
        {
          id: crypto.randomUUID(),
          customerId: customer.id,
          occurredAt,
          createdAt: occurredAt,
          amount,
          currency,
          kind: "purchase",
          channel: pick(CHANNELS),
        },
        occurredAt,
        timeZone,
      );
      transactions++;
      if (next() < 0.05) {
        await tenant.transactions.record(
          {
            id: crypto.randomUUID(),
            customerId: customer.id,
            occurredAt,
            createdAt: occurredAt,
            amount: Math.round(amount / 2),
            currency,
            kind: "refund",
          },
          occurredAt,
          timeZone,
        );
        transactions++;
      }
    }
  }
  return { customers: entries.length, transactions };
}
