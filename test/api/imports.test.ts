import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient, keys } from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, signUpTenant } from "../support/api.js";
import { runImport, until, uploadImport, utf8, withBom } from "../support/imports.js";

const customersCsv = [
  "姓名,手机,邮箱,标签,预算",
  "张伟,138 0000 0001,zhang@example.cn,vip；微信,1200",
  '"Lee, Ann",139 0000 0002,ann@example.com,,',
  "坏号码,12,bad@example.cn,,",
  "王芳,,wang@example.cn,vip,abc",
  "",
].join("\r\n");

describe("importing customers", () => {
  it("reads the file, dry-runs listing every bad row and writing nothing, then imports; again changes nothing", async () => {
    const { admin } = await signUpTenant("import", { locale: "zh-CN" });
    await call("POST", "/v1/custom-fields", {
      token: admin.token,
      body: { key: "budget", entity: "customer", label: { en: "Budget", "zh-CN": "预算" }, type: "number" },
    });
    const job = await uploadImport(admin.token, "customers", withBom(customersCsv));
    expect(job).toMatchObject({
      encoding: "utf-8",
      headers: ["姓名", "手机", "邮箱", "标签", "预算"],
      suggestedMapping: {
        姓名: "name",
        手机: "phones",
        邮箱: "emails",
        标签: "tags",
        预算: "customFields.budget",
      },
    });
    expect(job.sample[1]).toEqual(["Lee, Ann", "139 0000 0002", "ann@example.com", "", ""]);

    const dry = await runImport(admin.token, job.id, job.suggestedMapping, true);
    expect(dry.run).toMatchObject({ status: "done", dryRun: true, total: 4, done: 4, failed: 2, created: 2 });
    const problems = await call("GET", `/v1/imports/${job.id}/problems`, { token: admin.token });
    expect(problems.body.items).toEqual([
      expect.objectContaining({ row: 4, column: "手机", code: "phone-invalid" }),
      expect.objectContaining({ row: 5, column: "预算", code: "wrong-type", params: { expected: "number" } }),
    ]);
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toEqual([]);

    const real = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(real.run).toMatchObject({ status: "done", dryRun: false, created: 2, failed: 2, existing: 0 });
    const listed = await call("GET", "/v1/customers", { token: admin.token });
    expect(listed.body.items.map((customer: { name: string }) => customer.name).sort()).toEqual([
      "Lee, Ann",
      "张伟",
    ]);
    const zhang = listed.body.items.find((customer: { name: string }) => customer.name === "张伟");
    expect(zhang).toMatchObject({
      phones: ["+8613800000001"],
      emails: ["zhang@example.cn"],
      tags: ["vip", "微信"],
      customFields: { budget: 1200 },
      ownerId: admin.id,
    });

    const again = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(again.run).toMatchObject({ created: 0, existing: 2, failed: 2 });
    const second = await uploadImport(admin.token, "customers", withBom(customersCsv));
    const secondRun = await runImport(admin.token, second.id, second.suggestedMapping);
    expect(secondRun.run).toMatchObject({ created: 0, existing: 2 });
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toHaveLength(2);
  });

  it("decodes GBK, as Chinese Excel saves it, even cut mid-character across parts", async () => {
    const { admin } = await signUpTenant("import-gbk", { locale: "zh-CN" });
    // "姓名,电话\r\n张伟,13800000009\r\n" in GBK.
    const gbk = new Uint8Array([
      0xd0,
      0xd5,
      0xc3,
      0xfb,
      0x2c,
      0xb5,
      0xe7,
      0xbb,
      0xb0,
      0x0d,
      0x0a,
      0xd5,
      0xc5,
      0xce,
      0xb0,
      0x2c,
      ...utf8("13800000009\r\n"),
    ]);
    const job = await uploadImport(admin.token, "customers", gbk, 3);
    expect(job).toMatchObject({ encoding: "gbk", headers: ["姓名", "电话"] });
    const done = await runImport(admin.token, job.id, { 姓名: "name", 电话: "phones" });
    expect(done.run).toMatchObject({ created: 1, failed: 0 });
    const found = await call("GET", `/v1/customers?q=${encodeURIComponent("张伟")}`, { token: admin.token });
    expect(found.body.items[0]).toMatchObject({ name: "张伟", phones: ["+8613800000009"] });
  });

  it("refuses a mapping without a name, a second run at once, and people who are not managers", async () => {
    const { admin } = await signUpTenant("import-rules");
    const rep = await addMember(admin.token, "rep");
    const job = await uploadImport(admin.token, "customers", utf8("name,email\nAnn,ann@example.com\n"));
    const noName = await call("POST", `/v1/imports/${job.id}/runs`, {
      token: admin.token,
      body: { mapping: { email: "emails", nothing: "name" } },
    });
    expect(noName.status).toBe(400);
    expect(noName.body.errors.map((error: { path: string }) => error.path)).toEqual([
      "mapping.nothing",
      "mapping",
    ]);
    expect(
      (
        await call("POST", "/v1/imports", {
          token: rep.token,
          body: { entity: "customers", fileName: "x.csv" },
        })
      ).status,
    ).toBe(403);
    const [first, second] = await Promise.all(
      [1, 2].map(() =>
        call("POST", `/v1/imports/${job.id}/runs`, {
          token: admin.token,
          body: { mapping: { name: "name" } },
        }),
      ),
    );
    expect([first?.status, second?.status].sort()).toEqual([202, 409]);
  });

  it("refuses to run while a part up to the last one uploaded is missing, naming them, and runs once they are there", async () => {
    const { admin } = await signUpTenant("import-gaps");
    const started = await call("POST", "/v1/imports", {
      token: admin.token,
      body: { entity: "customers", fileName: "gaps.csv" },
    });
    const put = (part: number, text: string) =>
      call("PUT", `/v1/imports/${started.body.id}/parts/${part}`, {
        token: admin.token,
        headers: { "content-type": "application/octet-stream" },
        raw: utf8(text),
      });
    const run = () =>
      call("POST", `/v1/imports/${started.body.id}/runs`, {
        token: admin.token,
        body: { mapping: { name: "name", email: "emails" } },
      });
    expect((await put(1, "name,email\nAnn,ann@example.com\n")).status).toBe(200);
    // Part 2's upload failed; 3, 4 and 100 arrived.
    for (const part of [3, 4, 100])
      expect((await put(part, `P${part},p${part}@example.com\n`)).status).toBe(200);
    const gaps = await run();
    expect(gaps.status).toBe(409);
    expect(gaps.body).toMatchObject({ code: "import-parts-missing", parts: 100, missing: "2, 5–99" });
    expect(gaps.body.missingParts).toEqual([2, ...Array.from({ length: 95 }, (_, index) => index + 5)]);
    const job = (await call("GET", `/v1/imports/${started.body.id}`, { token: admin.token })).body;
    expect(job.run).toBeUndefined();

    // Sent again, every part is there: the run takes every row.
    for (let part = 2; part <= 99; part++)
      if (part !== 3 && part !== 4)
        expect((await put(part, `P${part},p${part}@example.com\n`)).status).toBe(200);
    expect((await run()).status).toBe(202);
    const done = await until(
      async () => (await call("GET", `/v1/imports/${started.body.id}`, { token: admin.token })).body,
      (read) => read.run?.status === "done" || read.run?.status === "failed",
    );
    expect(done.run).toMatchObject({ status: "done", total: 100, created: 100, failed: 0 });
  });

  it("finds a missing part below a part the upload count missed, as two uploads at once can leave it", async () => {
    const { admin, tenantId } = await signUpTenant("import-count-race");
    const started = await call("POST", "/v1/imports", {
      token: admin.token,
      body: { entity: "customers", fileName: "race.csv" },
    });
    const put = (part: number, text: string) =>
      call("PUT", `/v1/imports/${started.body.id}/parts/${part}`, {
        token: admin.token,
        headers: { "content-type": "application/octet-stream" },
        raw: utf8(text),
      });
    expect((await put(1, "name\nAnn\n")).status).toBe(200);
    expect((await put(3, "Cai\n")).status).toBe(200);
    // The part 3 upload's count was overwritten by a slower part 1 upload: the job says 1 part.
    const { config } = crm();
    const doc = createDocumentClient(createDynamoClient(dynamoConnection(config)));
    await doc.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.fileJob(tenantId, "IMPORT", started.body.id),
        UpdateExpression: "SET parts = :one",
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
    const gaps = await call("POST", `/v1/imports/${started.body.id}/runs`, {
      token: admin.token,
      body: { mapping: { name: "name" } },
    });
    expect(gaps.status).toBe(409);
    expect(gaps.body).toMatchObject({ code: "import-parts-missing", missingParts: [2] });
  });

  it("fails a run whose file opens a quote on line 3 and never closes it, naming the line and importing nothing", async () => {
    const { admin } = await signUpTenant("import-quote");
    // About 3 MB, in two parts: a header, a good row, then a quote opened on line 3 that swallows the rest.
    const rest = Array.from({ length: 80_000 }, (_, i) => `Person ${i},person${i}@example.com\r\n`).join("");
    const file = utf8(`name,email\r\nAnn,ann@example.com\r\n"Bob,bob@example.com\r\n${rest}`);
    expect(file.length).toBeGreaterThan(3_000_000);
    const job = await uploadImport(admin.token, "customers", file, 2);
    // The first look reads part 1 only, up to the problem: the rows before it are the sample.
    expect(job).toMatchObject({ headers: ["name", "email"], sample: [["Ann", "ann@example.com"]] });

    for (const dryRun of [true, false]) {
      const ended = await runImport(admin.token, job.id, job.suggestedMapping, dryRun);
      expect(ended.run).toMatchObject({
        status: "failed",
        dryRun,
        done: 0,
        created: 0,
        fileProblem: { code: "unclosed-quote", line: 3 },
      });
      expect(ended.run.finishedAt).toBeDefined();
      expect(ended.run.error).toBe(
        'Line 3: the row that begins here opens a quote (") that is never closed, so the rest of the file cannot be read. Add the closing quote and upload the file again.',
      );
    }
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toEqual([]);
  });

  it("refuses at upload a file whose header row is past the column limit, naming line 1", async () => {
    const { admin } = await signUpTenant("import-wide");
    const started = await call("POST", "/v1/imports", {
      token: admin.token,
      body: { entity: "customers", fileName: "wide.csv" },
    });
    const header = Array.from({ length: 201 }, (_, i) => `Column ${i}`).join(",");
    const answer = await call("PUT", `/v1/imports/${started.body.id}/parts/1`, {
      token: admin.token,
      headers: { "content-type": "application/octet-stream" },
      raw: utf8(`${header}\nAnn\n`),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        path: "(body)",
        code: "file-too-many-columns",
        params: { line: 1, limit: 200 },
        message:
          "Line 1: the row that begins here has more than 200 columns, the most a file may have. Remove the extra columns and upload the file again.",
      }),
    ]);
  });
});

describe("importing transactions", () => {
  it("finds customers by email or phone, reads amounts and local dates, and records each row once", async () => {
    const { admin } = await signUpTenant("import-txn", { locale: "zh-CN" });
    const li = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "李娜", emails: ["li@example.cn"], phones: ["13900000003"] },
    });
    const csv = [
      "订单号,日期,金额,邮箱,电话",
      'A-1,2026/3/1,"¥1,299.50",li@example.cn,',
      "A-2,2026-03-05 14:30,-¥20.00,,139 0000 0003",
      ",2026/3/9,88,LI@example.cn,",
      "A-4,2026/3/9,88,nobody@example.cn,",
      "A-5,someday,12,li@example.cn,",
    ].join("\n");
    const job = await uploadImport(admin.token, "transactions", withBom(csv));
    expect(job.suggestedMapping).toEqual({
      订单号: "externalRef",
      日期: "occurredAt",
      金额: "amount",
      邮箱: "customerEmail",
      电话: "customerPhone",
    });
    const done = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(done.run).toMatchObject({ created: 3, failed: 2 });
    const problems = await call("GET", `/v1/imports/${job.id}/problems`, { token: admin.token });
    expect(problems.body.items).toEqual([
      expect.objectContaining({
        row: 5,
        column: "邮箱",
        code: "customer-reference-unknown",
        params: { by: "email" },
      }),
      expect.objectContaining({ row: 6, column: "日期", code: "not-date" }),
    ]);
    const customer = await call("GET", `/v1/customers/${li.body.id}`, { token: admin.token });
    expect(customer.body.purchases).toMatchObject({
      count: 2,
      netAmount: 129_950 - 2_000 + 8_800,
      firstAt: "2026-02-28T16:00:00.000Z",
    });
    const again = await runImport(admin.token, job.id, job.suggestedMapping);
    expect(again.run).toMatchObject({ created: 0, existing: 3, failed: 2 });
    expect(
      (await call("GET", `/v1/customers/${li.body.id}`, { token: admin.token })).body.purchases.count,
    ).toBe(2);
  });
});

describe("exporting", () => {
  it("writes the filtered customers and their transactions as CSV with a BOM, which imports back", async () => {
    const { admin } = await signUpTenant("export", { locale: "zh-CN" });
    for (const [name, tags] of [
      ["张伟", ["vip"]],
      ["Ann, Lee", ["vip"]],
      ["Other", []],
    ] as const) {
      const created = await call("POST", "/v1/customers", {
        token: admin.token,
        body: { kind: "person", name, tags },
      });
      await call("POST", `/v1/customers/${created.body.id}/transactions`, {
        token: admin.token,
        body: {
          occurredAt: "2026-03-01T00:00:00Z",
          amount: 12_345,
          currency: "CNY",
          kind: "purchase",
          // One without an external reference: its id alone must keep it from coming back twice.
          ...(name !== "Other" && { externalRef: `x-${name}` }),
        },
      });
    }
    const started = await call("POST", "/v1/exports", {
      token: admin.token,
      body: { entity: "customers", filter: { tag: "vip" } },
    });
    expect(started.status).toBe(202);
    const done = await until(
      async () => (await call("GET", `/v1/exports/${started.body.id}`, { token: admin.token })).body,
      (job) => job.status === "done",
    );
    expect(done).toMatchObject({ rows: 2, parts: 1 });
    const response = await fetch(
      `${(await import("../support/api.js")).crm().url}/v1/exports/${done.id}/file`,
      {
        headers: { authorization: `Bearer ${admin.token}` },
      },
    );
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]?.startsWith("id,name,kind,type,emails")).toBe(true);
    expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(['"Ann', "张伟"]);
    expect(text).toContain("123.45");

    // The file imports back as it is: its headers map themselves, and every row is already there.
    const back = await uploadImport(admin.token, "customers", bytes);
    expect(back.suggestedMapping).toMatchObject({ id: "id", name: "name", emails: "emails", tags: "tags" });
    const backRun = await runImport(admin.token, back.id, back.suggestedMapping);
    expect(backRun.run).toMatchObject({ created: 0, existing: 2, failed: 0 });

    const transactions = await call("POST", "/v1/exports", {
      token: admin.token,
      body: { entity: "transactions" },
    });
    const txnDone = await until(
      async () => (await call("GET", `/v1/exports/${transactions.body.id}`, { token: admin.token })).body,
      (job) => job.status === "done",
    );
    expect(txnDone.rows).toBe(3);
    const txnFile = await call("GET", `/v1/exports/${txnDone.id}/file`, { token: admin.token });
    expect(String(txnFile.body)).toContain("x-张伟");
    const reimported = await uploadImport(admin.token, "transactions", utf8(String(txnFile.body)));
    const rerun = await runImport(admin.token, reimported.id, reimported.suggestedMapping);
    expect(rerun.run).toMatchObject({ created: 0, existing: 3, failed: 0 });
  });

  it("writes times on the company's clock with its offset, so Excel shows the company's day, and they import back as the same instant", async () => {
    const { admin } = await signUpTenant("export-local", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const customer = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "周敏", emails: ["zhou@example.cn"] },
    });
    // 00:58 on 6 November in Shanghai: still 5 November in UTC.
    const recorded = await call("POST", `/v1/customers/${customer.body.id}/transactions`, {
      token: admin.token,
      body: { occurredAt: "2026-11-05T16:58:00.000Z", amount: 9_900, currency: "CNY", kind: "purchase" },
    });
    expect(recorded.status).toBe(201);
    const exported = async (entity: "customers" | "transactions") => {
      const started = await call("POST", "/v1/exports", { token: admin.token, body: { entity } });
      const done = await until(
        async () => (await call("GET", `/v1/exports/${started.body.id}`, { token: admin.token })).body,
        (job) => job.status === "done",
      );
      const file = await call("GET", `/v1/exports/${done.id}/file`, { token: admin.token });
      const [header = [], ...rows] = String(file.body)
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n")
        .map((line) => line.split(","));
      return { header, rows };
    };
    const transactions = await exported("transactions");
    const at = transactions.header.indexOf("occurredAt");
    expect(transactions.rows.map((row) => row[at])).toEqual(["2026-11-06T00:58:00+08:00"]);
    const customers = await exported("customers");
    expect(customers.rows[0]?.[customers.header.indexOf("purchases.lastAt")]).toBe(
      "2026-11-06T00:58:00+08:00",
    );

    // Read back (as a new entry: its id left out), the time is the same instant.
    const id = transactions.header.indexOf("id");
    const withoutId = [
      transactions.header,
      ...transactions.rows.map((row) => row.map((cell, index) => (index === id ? "" : cell))),
    ]
      .map((row) => row.join(","))
      .join("\r\n");
    const back = await uploadImport(admin.token, "transactions", utf8(withoutId));
    expect(back.suggestedMapping).toMatchObject({ occurredAt: "occurredAt" });
    expect((await runImport(admin.token, back.id, back.suggestedMapping)).run).toMatchObject({
      created: 1,
      failed: 0,
    });
    const list = await call("GET", `/v1/customers/${customer.body.id}/transactions?limit=10`, {
      token: admin.token,
    });
    expect(list.body.items.map((item: { occurredAt: string }) => item.occurredAt)).toEqual([
      "2026-11-05T16:58:00.000Z",
      "2026-11-05T16:58:00.000Z",
    ]);
  });
});
