import { createApi } from "@crm/functions/api/app";
import { createDeps } from "@crm/functions/deps";
import type { JobMessage } from "@crm/functions/jobs/messages";
import { describe, expect, it } from "vitest";
import { crm, signUpTenant } from "../support/api.js";
import { uploadImport, utf8 } from "../support/imports.js";

describe("import runs", () => {
  it("block a second run while one is alive, and stop blocking once the first has been silent for 15 minutes", async () => {
    const { admin } = await signUpTenant("import-stale");
    const job = await uploadImport(admin.token, "customers", utf8("name\nAnn\n"));
    // The same API on the same stack, whose queue keeps the jobs (so the run stays queued) and whose clock we set.
    const queued: JobMessage[] = [];
    const at = (minutes: number) =>
      createApi({
        ...createDeps(crm().config),
        enqueue: async (messages) => {
          queued.push(...messages);
        },
        now: () => new Date(Date.now() + minutes * 60_000),
      });
    const start = (minutes: number) =>
      at(minutes).request(`/v1/imports/${job.id}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: JSON.stringify({ mapping: { name: "name" } }),
      });
    expect((await start(0)).status).toBe(202);
    expect((await start(5)).status).toBe(409);
    const later = await start(20);
    expect(later.status).toBe(202);
    expect((await later.json()).run.no).toBe(2);
    expect(queued.map((message) => message.job === "import" && message.run)).toEqual([1, 2]);
  });
});
