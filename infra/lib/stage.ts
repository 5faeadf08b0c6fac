/** One stack per stage; prod keeps data when the stack goes and refuses deletion. */
export type Stage = "dev" | "prod";

export function stageFrom(value: unknown): Stage {
  if (value === undefined || value === "dev") return "dev";
  if (value === "prod") return "prod";
  throw new Error(`Unknown stage "${String(value)}": use -c stage=dev or -c stage=prod.`);
}

export const isProd = (stage: Stage) => stage === "prod";
