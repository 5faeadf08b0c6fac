import type { JobContext } from "@crm/functions/jobs/job-context";
import type { JobMessage } from "@crm/functions/jobs/messages";
import { runJob } from "@crm/functions/jobs/run-job";
import { runScoring, startScoring } from "@crm/functions/jobs/scoring-job";
import { createStore } from "@crm/functions/store";
import { describe, expect, it } from "vitest";
import { crm, signUpTenant } from "../support/api.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

const START = "2031-01-02T03:04:05.000Z";

/** A tenant with a few buyers, and a manual run for a night in 2030, created at START and not yet run. */
async function queuedRun(label: string) {
  const tenant = await signUpTenant(label, { timeZone: "Asia/Shanghai" });
  const data = await tenantData(tenant.tenantId);
  await seedBuyers(data, { count: 12, owners: [{ id: tenant.admin.id, name: "Admin" }], label });
  const { run } = await startScoring(
    data,
    { trigger: "manual", date: "2030-12-31" },
    new Date(START),
    async () => {},
  );
  return { tenant, data, run };
}

describe("a scoring run's times", () => {
  it("are all the injected clock's: under a clock stopped at 2031-01-02T03:04:05Z, every stamp is that instant", async () => {
    const { tenant, data, run } = await queuedRun("clock-stopped");
    const store = createStore(crm().config);
    await runJob(store, { job: "scoring", tenantId: tenant.tenantId, runId: run.id }, new Date(START));
    expect(await data.scoring.get(run.id)).toMatchObject({
      status: "done",
      createdAt: START,
      startedAt: START,
      heartbeatAt: START,
      finishedAt: START,
      durationMs: 0,
    });
  });

  it("follow a running clock through a run cut into continuations: duration from its first start to its finish", async () => {
    const { data, run } = await queuedRun("clock-running");
    // A clock that moves on a second each time it is read.
    let readings = 0;
    const clock = () => new Date(Date.parse(START) + readings++ * 1000);
    // A worker out of time after every page: each page of 5 is handed to a continuation.
    const queued: JobMessage[] = [];
    const shortLived: JobContext = {
      enqueue: async (messages) => void queued.push(...messages),
      timeLeft: () => 0,
    };
    await runScoring(data, run.id, shortLived, clock, 5);
    for (let step = 0; queued.length > 0 && step < 10; step++) {
      queued.shift();
      await runScoring(data, run.id, shortLived, clock, 5);
    }
    const done = await data.scoring.get(run.id);
    expect(done).toMatchObject({ status: "done", startedAt: START, resumed: 2 });
    const finishedAt = Date.parse(done.finishedAt as string);
    // One reading of the clock for the finish, the last heartbeat and the duration; seconds later than the start.
    expect(done.heartbeatAt).toBe(done.finishedAt);
    expect(finishedAt).toBeGreaterThan(Date.parse(START));
    expect(finishedAt).toBeLessThan(Date.parse(START) + readings * 1000);
    expect(done.durationMs).toBe(finishedAt - Date.parse(START));
  });
});
