import type { ChildProcess } from "node:child_process";

/** Stops a child process and waits for it, escalating to SIGKILL if it lingers. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Keeps the last lines a child printed, to explain a failed start. */
export function tail(child: ChildProcess, lines = 30): () => string {
  const kept: string[] = [];
  const keep = (chunk: Buffer) => {
    kept.push(...chunk.toString().split("\n").filter(Boolean));
    kept.splice(0, Math.max(0, kept.length - lines));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => kept.join("\n");
}
