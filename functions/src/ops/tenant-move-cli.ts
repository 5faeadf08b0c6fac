import { runMoveCommand } from "./tenant-move-command.js";

/**
 * `npx pnpm@10 tenant:move <tenantId> --to dedicated|pooled [--endpoint <url>]`:
 * an operator's command, run with the operator's own credentials (docs/tenancy.md).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
runMoveCommand(process.argv.slice(2), process.env).then((code) => process.exit(code));
