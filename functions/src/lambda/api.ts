import { handle } from "hono/aws-lambda";
import { createApi } from "../api/app.js";
import { lambdaConfigFromEnv } from "../config.js";
import { createDeps } from "../deps.js";

/** The API Lambda: built once per container, reused by every request it serves. */
export const handler = handle(createApi(createDeps(lambdaConfigFromEnv())));
