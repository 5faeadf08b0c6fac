import { expect } from "vitest";
import { call } from "./api.js";

/** Starts an import and uploads the file, cut into the given number of parts at arbitrary bytes. */
export async function uploadImport(token: string, entity: string, file: Uint8Array, parts = 1) {
  const started = await call("POST", "/v1/imports", { token, body: { entity, fileName: `${entity}.csv` } });
  expect(started.status).toBe(201);
  const size = Math.ceil(file.length / parts);
  let job = started.body;
  for (let part = 1; part <= parts; part++) {
    const answer = await call("PUT", `/v1/imports/${started.body.id}/parts/${part}`, {
      token,
      headers: { "content-type": "application/octet-stream" },
      raw: file.subarray((part - 1) * size, part * size),
    });
    expect(answer.status).toBe(200);
    if (part === 1) job = answer.body;
  }
  return job;
}

/** Polls until a background job is finished (the embedded stack runs jobs in the background). */
export async function until<T>(read: () => Promise<T>, finished: (value: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (finished(value)) return value;
    if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs an import (or its dry run) and waits for the run to end. */
export async function runImport(token: string, id: string, mapping: Record<string, string>, dryRun = false) {
  const queued = await call("POST", `/v1/imports/${id}/runs`, { token, body: { mapping, dryRun } });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  return until(
    async () => (await call("GET", `/v1/imports/${id}`, { token })).body,
    (job) => job.run?.no === queued.body.run.no && (job.run.status === "done" || job.run.status === "failed"),
  );
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
