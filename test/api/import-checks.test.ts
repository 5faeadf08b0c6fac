import { runImport as runImportJob } from "@crm/functions/jobs/import-job";
import type { JobContext } from "@crm/functions/jobs/job-context";
import { describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";
import { runImport, uploadImport, utf8, withBom } from "../support/imports.js";
import { tenantData } from "../support/scoring.js";

type Problem = { row: number; column: string; field?: string; code: string };

describe("an import's dry run", () => {
  it("counts what the real run then does, duplicates within the file and customers already there included", async () => {
    const { admin } = await signUpTenant("import-agree", { locale: "zh-CN" });
    await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "王芳", emails: ["wang@example.cn"] },
    });
    const csv = [
      "姓名,手机,邮箱",
      "张伟,138 0000 0001,zhang@example.cn",
      "张伟,13800000001,", // the same phone written another way: the row above adds it
      "李娜,,li@example.cn",
      "Li Na,,LI@example.cn", // the same email in capitals
      "王芳,139 0000 0002,wang@example.cn", // in the CRM already, by email
      "赵六,139 0000 0003,zhao@example.cn",
      "张伟,138 0000 0001,zhang@example.cn", // the first row again
      "钱七,137 0000 0001,qian@example.cn",
      "钱七,137 0000 0002,qian@example.cn", // existing by email, so its phone is not taken…
      "孙八,137 0000 0002,sun@example.cn", // …and this row adds it
      ",137 0000 0009,", // no name
    ].join("\r\n");
    const job = await uploadImport(admin.token, "customers", withBom(csv));
    const dry = await runImport(admin.token, job.id, job.suggestedMapping, true);
    expect(dry.run).toMatchObject({ status: "done", total: 11, created: 5, existing: 5, failed: 1 });
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toHaveLength(1);

    const real = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(real.run).toMatchObject({ status: "done", created: 5, existing: 5, failed: 1 });
    const names = (await call("GET", "/v1/customers?limit=100", { token: admin.token })).body.items
      .map((customer: { name: string }) => customer.name)
      .sort();
    expect(names).toEqual(["孙八", "张伟", "李娜", "王芳", "赵六", "钱七"].sort());

    // Run again, both agree that everything is there.
    const dryAgain = await runImport(admin.token, job.id, job.suggestedMapping, true);
    expect(dryAgain.run).toMatchObject({ created: 0, existing: 10, failed: 1 });
    const realAgain = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(realAgain.run).toMatchObject({ created: 0, existing: 10, failed: 1 });
  });

  it("counts purchases as recording them does: a repeated order number, one recorded before, another customer's, another currency", async () => {
    const { admin } = await signUpTenant("import-agree-txn", { locale: "zh-CN" });
    const make = async (name: string, email: string) =>
      (
        await call("POST", "/v1/customers", {
          token: admin.token,
          body: { kind: "person", name, emails: [email] },
        })
      ).body.id as string;
    const li = await make("李娜", "li@example.cn");
    const wang = await make("王芳", "wang@example.cn");
    const record = (customerId: string, externalRef: string) =>
      call("POST", `/v1/customers/${customerId}/transactions`, {
        token: admin.token,
        body: {
          occurredAt: "2026-03-01T02:00:00Z",
          amount: 5000,
          currency: "CNY",
          kind: "purchase",
          externalRef,
        },
      });
    expect((await record(li, "T-2")).status).toBe(201);
    expect((await record(wang, "T-3")).status).toBe(201);
    const csv = [
      "订单号,日期,金额,币种,邮箱",
      "T-1,2026/3/1,100,CNY,li@example.cn",
      "T-1,2026/3/1,100,CNY,li@example.cn", // the same order again
      "T-2,2026/3/2,50,CNY,li@example.cn", // recorded before
      "T-3,2026/3/3,70,CNY,li@example.cn", // recorded for 王芳
      ",2026/3/4,30,CNY,li@example.cn",
      ",2026/3/4,30,CNY,li@example.cn", // the same row, without an order number
      "T-5,2026/3/5,10,USD,li@example.cn", // 李娜 buys in CNY
      "T-6,2026/3/6,10,CNY,wang@example.cn",
      "T-6,2026/3/6,10,CNY,li@example.cn", // T-6 is 王芳's, a row above
    ].join("\n");
    const job = await uploadImport(admin.token, "transactions", utf8(csv));
    const dry = await runImport(admin.token, job.id, job.suggestedMapping, true);
    const real = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(dry.run).toMatchObject({ created: 3, existing: 3, failed: 3 });
    expect(real.run).toMatchObject({ created: 3, existing: 3, failed: 3 });
    const problems = await call("GET", `/v1/imports/${job.id}/problems`, { token: admin.token });
    expect(problems.body.items).toEqual([
      expect.objectContaining({ row: 5, column: "订单号", code: "external-ref-of-other-customer" }),
      expect.objectContaining({
        row: 8,
        column: "币种",
        code: "currency-of-customer",
        params: { currency: "CNY" },
      }),
      expect.objectContaining({ row: 10, column: "订单号", code: "external-ref-of-other-customer" }),
    ]);
  });
});

describe("an import's purchase rows", () => {
  it("refuse a time more than a day after the job's clock, naming the column", async () => {
    const tenant = await signUpTenant("import-future", { locale: "zh-CN" });
    await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "李娜", emails: ["li@example.cn"] },
    });
    const csv = [
      "订单号,日期,金额,币种,邮箱",
      "F-1,2999/1/1,100,CNY,li@example.cn",
      "F-2,2026/3/1,100,CNY,li@example.cn",
      "F-3,2026/3/5,100,CNY,li@example.cn",
    ].join("\n");
    const job = await uploadImport(tenant.admin.token, "transactions", utf8(csv));
    // On the system's clock, only the row of 2999 is in the future.
    const dry = await runImport(tenant.admin.token, job.id, job.suggestedMapping, true);
    expect(dry.run).toMatchObject({ status: "done", created: 2, failed: 1 });
    const problems = await call("GET", `/v1/imports/${job.id}/problems`, { token: tenant.admin.token });
    expect(problems.body.items).toEqual([
      expect.objectContaining({ row: 2, column: "日期", code: "in-the-future" }),
    ]);
    // The job's own clock decides: on 2026-03-02 (Shanghai), 5 March is more than a day ahead.
    const data = await tenantData(tenant.tenantId);
    await data.imports.set(job.id, {
      run: {
        no: 2,
        dryRun: false,
        mapping: job.suggestedMapping,
        status: "queued",
        done: 0,
        created: 0,
        existing: 0,
        failed: 0,
        checkpoint: 1,
        heartbeatAt: new Date().toISOString(),
      },
    });
    const inline: JobContext = { enqueue: async () => {}, timeLeft: () => Number.POSITIVE_INFINITY };
    const message = { job: "import" as const, tenantId: tenant.tenantId, importId: job.id, run: 2 };
    await runImportJob(data, message, inline, new Date("2026-03-02T00:00:00Z"));
    const real = (await call("GET", `/v1/imports/${job.id}`, { token: tenant.admin.token })).body.run;
    expect(real).toMatchObject({ status: "done", created: 1, failed: 2 });
    const buyer = (await call("GET", "/v1/customers", { token: tenant.admin.token })).body.items[0];
    expect(buyer.purchases).toMatchObject({ count: 1, lastAt: "2026-02-28T16:00:00.000Z" });
  });
});

describe("an import's dry run cut short", () => {
  it("counts as the real run after resuming in a new worker: rows before the stop are remembered", async () => {
    const tenant = await signUpTenant("import-agree-resume", { locale: "zh-CN" });
    // 250 rows: the last 10 repeat the emails of the first 10, on the other side of the first 200-row batch.
    const rows = Array.from({ length: 250 }, (_, i) => `客户${i},c${i % 240}@example.cn`);
    const job = await uploadImport(tenant.admin.token, "customers", utf8(["姓名,邮箱", ...rows].join("\n")));
    const data = await tenantData(tenant.tenantId);
    const queued: Array<{ job: "import"; tenantId: string; importId: string; run: number }> = [];
    const message = { job: "import" as const, tenantId: tenant.tenantId, importId: job.id, run: 1 };
    // A run set up as POST .../runs does, without its queue message: this test works it.
    await data.imports.set(job.id, {
      run: {
        no: 1,
        dryRun: true,
        mapping: job.suggestedMapping,
        status: "queued",
        done: 0,
        created: 0,
        existing: 0,
        failed: 0,
        checkpoint: 1,
        heartbeatAt: new Date().toISOString(),
      },
    });
    // A worker out of time after its first batch hands the run on; the next one has time.
    const shortLived: JobContext = {
      enqueue: async (messages) => void queued.push(...(messages as (typeof queued)[number][])),
      timeLeft: () => 0,
    };
    expect(await runImportJob(data, message, shortLived)).toMatchObject({ continued: true, done: 200 });
    expect(queued).toEqual([message]);
    await runImportJob(data, message, { ...shortLived, timeLeft: () => Number.POSITIVE_INFINITY });
    const dry = (await call("GET", `/v1/imports/${job.id}`, { token: tenant.admin.token })).body.run;
    expect(dry).toMatchObject({ status: "done", done: 250, created: 240, existing: 10 });
    const real = await runImport(tenant.admin.token, job.id, job.suggestedMapping);
    expect(real.run).toMatchObject({ created: 240, existing: 10 });
  });
});

describe("an import's row problems", () => {
  it("carry a code and name their column, even an empty one, the field no column holds, or the whole row", async () => {
    const { admin } = await signUpTenant("import-columns", { locale: "zh-CN" });
    await call("POST", "/v1/custom-fields", {
      token: admin.token,
      body: {
        key: "budget",
        entity: "customer",
        label: { en: "Budget", "zh-CN": "预算" },
        type: "number",
        required: true,
      },
    });
    const csv = ["姓名,手机", ",138 0000 0001", "张伟,12"].join("\n");
    const job = await uploadImport(admin.token, "customers", utf8(csv));
    const dry = await runImport(admin.token, job.id, job.suggestedMapping, true);
    expect(dry.run).toMatchObject({ failed: 2 });
    const problems: Problem[] = (await call("GET", `/v1/imports/${job.id}/problems`, { token: admin.token }))
      .body.items;
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, column: "姓名", code: "required" }),
      expect.objectContaining({ row: 2, column: "", field: "customFields.budget", code: "required" }),
      expect.objectContaining({ row: 3, column: "手机", code: "phone-invalid" }),
      expect.objectContaining({ row: 3, column: "", field: "customFields.budget", code: "required" }),
    ]);
    for (const problem of problems) expect(problem.column || problem.field).toBeTruthy();
  });
});

describe("a person row", () => {
  it("stays a person: the kind comes from a kind column, else the name column's header, else industry or size", async () => {
    const { admin } = await signUpTenant("import-kind", { locale: "zh-CN" });
    // A file of people with their employer's industry: the suggested mapping leaves the industry out.
    const people = await uploadImport(
      admin.token,
      "customers",
      utf8("姓名,手机,行业\n张伟,138 0000 0001,教育\n"),
    );
    expect(people.suggestedMapping).toEqual({ 姓名: "name", 手机: "phones" });
    expect((await runImport(admin.token, people.id, people.suggestedMapping)).run).toMatchObject({
      created: 1,
    });
    // Mapped by hand, the industry is named as a problem: the person is not made a company.
    const mapped = await runImport(
      admin.token,
      people.id,
      { 姓名: "name", 手机: "phones", 行业: "industry" },
      true,
    );
    expect(mapped.run).toMatchObject({ failed: 1, created: 0 });
    const problems = await call("GET", `/v1/imports/${people.id}/problems`, { token: admin.token });
    expect(problems.body.items).toEqual([
      expect.objectContaining({ row: 2, column: "行业", code: "companies-only" }),
    ]);

    const companies = await uploadImport(
      admin.token,
      "customers",
      utf8("公司名称,行业\n星河贸易,贸易\n名称,类别,行业\n"),
    );
    expect((await runImport(admin.token, companies.id, companies.suggestedMapping)).run).toMatchObject({
      created: 2,
    });
    const mixed = await uploadImport(
      admin.token,
      "customers",
      utf8("名称,类别,规模\n李娜,个人,\n北辰,,11-50\n"),
    );
    expect((await runImport(admin.token, mixed.id, mixed.suggestedMapping)).run).toMatchObject({
      created: 2,
    });

    const listed = (await call("GET", "/v1/customers?limit=100", { token: admin.token })).body
      .items as Array<{
      name: string;
      kind: string;
    }>;
    const kinds = Object.fromEntries(listed.map((customer) => [customer.name, customer.kind]));
    expect(kinds).toEqual({
      张伟: "person",
      星河贸易: "company",
      名称: "company",
      李娜: "person",
      北辰: "company",
    });
  });
});

describe("a file that is not text", () => {
  // A 1×1 PNG.
  const png = Uint8Array.from(
    atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
    (char) => char.charCodeAt(0),
  );

  it("is refused at upload with a code, and nothing of it is kept", async () => {
    const { admin } = await signUpTenant("import-png");
    const started = await call("POST", "/v1/imports", {
      token: admin.token,
      body: { entity: "customers", fileName: "photo.png" },
    });
    const put = (bytes: Uint8Array) =>
      call("PUT", `/v1/imports/${started.body.id}/parts/1`, {
        token: admin.token,
        headers: { "content-type": "application/octet-stream" },
        raw: bytes,
      });
    const answer = await put(png);
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ code: "import-file-not-text", format: "png" });
    const job = await call("GET", `/v1/imports/${started.body.id}`, { token: admin.token });
    expect(job.body).toMatchObject({ parts: 0, bytes: 0 });
    expect(job.body.headers).toBeUndefined();

    const workbook = await put(
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8("\u0014\u0000[Content_Types].xml…xl/workbook.xml")]),
    );
    expect(workbook.status).toBe(415);
    expect(workbook.body).toMatchObject({ code: "import-file-workbook", format: "xlsx" });
    // "Café,12" saved as Windows-1252: neither UTF-8 nor GBK.
    const latin = await put(
      new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x32]),
    );
    expect(latin.body).toMatchObject({ code: "import-file-encoding" });
    // The same company's CSV passes.
    expect((await put(utf8("name\nAnn\n"))).status).toBe(200);
  });
});
