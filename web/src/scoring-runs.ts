import type { ScoringRun } from "@crm/domain";
import { ApiError, newRequestId, request } from "./api";

/** A scoring run as it is now. */
export async function readScoringRun(id: string): Promise<ScoringRun> {
  return (await request<ScoringRun>("GET", `/scoring/runs/${id}`)).data;
}

/** Scores every customer now: a new run, or the one someone started a moment ago, to follow. */
export async function startScoringRun(): Promise<ScoringRun> {
  try {
    return (await request<ScoringRun>("POST", "/scoring/runs", { idempotencyKey: newRequestId() })).data;
  } catch (failure) {
    const existingId =
      failure instanceof ApiError && failure.problem.code === "scoring-run-under-way"
        ? failure.problem.existingId
        : undefined;
    if (typeof existingId === "string") return readScoringRun(existingId);
    throw failure;
  }
}
