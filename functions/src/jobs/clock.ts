/**
 * Where a job takes the time from. A job reads it each time it stamps
 * something (start, heartbeat, checkpoint, finish), so a test that injects
 * one controls every time a run records.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A Date given instead of a clock is a clock stopped at that instant, as tests give it. */
export const clockOf = (now: Date | Clock): Clock =>
  typeof now === "function" ? now : () => new Date(now.getTime());
