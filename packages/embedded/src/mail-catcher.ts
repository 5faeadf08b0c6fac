import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild, tail } from "./child.js";
import { waitFor } from "./ports.js";

const require = createRequire(import.meta.url);
const LAUNCHER = fileURLToPath(new URL("./mail-catcher-launch.mjs", import.meta.url));

/** The most mails the catcher keeps; older ones are dropped with their files. */
export const MAIL_CATCHER_KEEPS = 500;

export type MailCatcher = {
  /** Where the API sends mail: smtp://127.0.0.1:<port>. */
  smtpUrl: string;
  /** The web inbox; its REST API is under /api (GET /api/email lists every mail). */
  inboxUrl: string;
  stop: () => Promise<void>;
  /** Settles when maildev exits (rejected, with its last lines). */
  exited: Promise<never>;
  pid: number | undefined;
};

/** maildev's package folder (it is ESM-only, so require.resolve cannot name its entry). */
function maildevDir(): string {
  for (const base of require.resolve.paths("maildev") ?? []) {
    const dir = join(base, "maildev");
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error("The maildev package is not installed. Run: npx -y pnpm@10 install");
}

/**
 * maildev, an SMTP server with a web inbox, as a child process: every mail
 * the embedded stack sends lands there, readable at inboxUrl. SMTP and the
 * inbox listen on 127.0.0.1 only. With mailDir, mails are kept between runs.
 */
export async function startMailCatcher(options: {
  smtpPort: number;
  webPort: number;
  mailDir: string;
}): Promise<MailCatcher> {
  mkdirSync(options.mailDir, { recursive: true, mode: 0o700 });
  // maildev reads MAILDEV_* variables and config files in its folder: only what is passed here counts.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("MAILDEV_")),
  );
  const child = spawn(
    process.execPath,
    [
      LAUNCHER,
      "--smtp",
      String(options.smtpPort),
      "--ip",
      "127.0.0.1",
      "--web",
      String(options.webPort),
      "--web-ip",
      "127.0.0.1",
      "--mail-directory",
      options.mailDir,
      "--max-emails",
      String(MAIL_CATCHER_KEEPS),
      "--silent",
    ],
    { cwd: options.mailDir, env: { ...env, CRM_MAILDEV_DIR: maildevDir() }, stdio: "pipe" },
  );
  const output = tail(child);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`maildev exited (${code}):\n${output()}`))),
  );
  exited.catch(() => undefined);
  const inboxUrl = `http://127.0.0.1:${options.webPort}`;
  try {
    await Promise.race([
      waitFor("maildev", async () => {
        const response = await fetch(`${inboxUrl}/api/healthz`);
        if (!response.ok) throw new Error(`maildev answered ${response.status}`);
      }),
      exited,
    ]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    inboxUrl,
    stop: () => stopChild(child),
    exited,
    pid: child.pid,
  };
}
