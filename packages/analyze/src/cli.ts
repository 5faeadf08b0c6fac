import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { analyzePurchases, defaultHorizon, type PurchaseRecord } from "@crm/domain";
import { parse } from "csv-parse";
import { z } from "zod";
import { formatAnalysis } from "./format.js";
import { readPurchases } from "./purchases.js";

const USAGE = `Usage: pnpm analyze <transactions.csv> [--as-of YYYY-MM-DD] [--period day|week] [--horizon N] [--discount 0.01] [--json]

Reads customer_id,date,amount rows (a header row naming them; dates as YYYY-MM-DD or YYYYMMDD),
fits BG/NBD and Gamma-Gamma by maximum likelihood, and prints the parameters and, per customer,
x, t_x, T, average value, probability alive, expected purchases and CLV over the horizon
(in periods; default a year). --json prints one JSON document.`;

const OptionsSchema = z.object({
  file: z.string().min(1, "Name the transactions file."),
  asOf: z.iso.date("Use a date such as 1997-09-30 for --as-of.").optional(),
  period: z.enum(["day", "week"], "Use --period day or --period week.").default("week"),
  horizon: z.coerce.number("Give --horizon as a number of periods.").int().positive().max(5000).optional(),
  discount: z.coerce.number("Give --discount as a monthly rate such as 0.01.").min(0).max(1).default(0.01),
  json: z.boolean().default(false),
});

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      "as-of": { type: "string" },
      period: { type: "string" },
      horizon: { type: "string" },
      discount: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const parsed = OptionsSchema.safeParse({
    file: positionals[0],
    asOf: values["as-of"],
    period: values.period,
    horizon: values.horizon,
    discount: values.discount,
    json: values.json,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    console.error(`\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.data;
  // pnpm runs scripts from the workspace root; a relative path means where the analyst typed it.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), options.file);
  if (!existsSync(path)) {
    console.error(`No such file: ${path}`);
    process.exitCode = 1;
    return;
  }
  const records: PurchaseRecord[] = [];
  const problems = await readPurchases(
    createReadStream(path).pipe(parse({ bom: true, columns: true, trim: true })),
    records,
  );
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 20)) console.error(problem);
    if (problems.length > 20) console.error(`… and ${problems.length - 20} more.`);
    process.exitCode = 1;
    return;
  }
  const analysis = analyzePurchases(records, {
    ...(options.asOf && { asOf: options.asOf }),
    period: options.period,
    horizon: options.horizon ?? defaultHorizon(options.period),
    monthlyDiscount: options.discount,
  });
  process.stdout.write(options.json ? `${JSON.stringify(analysis)}\n` : formatAnalysis(analysis));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
