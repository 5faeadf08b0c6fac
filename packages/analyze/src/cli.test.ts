import { execFile } from "node:child_process";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { PurchaseRecord } from "@crm/domain";
import { parse } from "csv-parse";
import { describe, expect, it } from "vitest";
import { readDate, readPurchases } from "./purchases.js";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const cdnow = fileURLToPath(new URL("../../domain/src/scoring/fixtures/transactions.csv", import.meta.url));

describe("pnpm analyze", () => {
  it("prints the CDNOW parameters as one JSON document", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", cli, cdnow, "--as-of", "1997-09-30", "--json"],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const analysis = JSON.parse(stdout);
    expect(analysis.bgnbd.r).toBeCloseTo(0.243, 2);
    expect(analysis.bgnbd.ll).toBeCloseTo(-9582.4, 0);
    expect(analysis.gammagamma.p).toBeCloseTo(6.25, 1);
    expect(analysis.customers).toHaveLength(2357);
    expect(Object.keys(analysis.customers[0])).toEqual([
      "customer_id",
      "x",
      "t_x",
      "T",
      "average_value",
      "p_alive",
      "expected_purchases",
      "clv",
    ]);
  }, 60_000);

  it("refuses bad options with the reason and the usage", async () => {
    const failed = await run(process.execPath, ["--import", "tsx", cli, cdnow, "--period", "month"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect("code" in failed && failed.code).toBe(2);
    expect("stderr" in failed && failed.stderr).toContain("--period day or --period week");
  }, 60_000);

  it("says so when the file is not there", async () => {
    const failed = await run(process.execPath, ["--import", "tsx", cli, "no-such.csv"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect("code" in failed && failed.code).toBe(1);
    expect("stderr" in failed && failed.stderr).toMatch(/^No such file: .*no-such\.csv\n$/);
  }, 60_000);

  it("reads the dates analysts' files hold and names each bad line", async () => {
    expect(readDate("19970101")).toBe("1997-01-01");
    expect(readDate("1997/1/2")).toBe("1997-01-02");
    expect(readDate("1997-02-30")).toBeUndefined();
    const records: PurchaseRecord[] = [];
    const rows = Readable.from(
      "customer_id,date,amount\n1,1997-01-01,10\n2,yesterday,5\n3,1997-01-03,\n",
    ).pipe(parse({ columns: true, trim: true }));
    expect(await readPurchases(rows, records)).toEqual([
      'Line 3: "yesterday" is not a date (use YYYY-MM-DD).',
      'Line 4: "" is not an amount.',
    ]);
    expect(records).toEqual([{ customerId: "1", date: "1997-01-01", amount: 10 }]);
  });
});
