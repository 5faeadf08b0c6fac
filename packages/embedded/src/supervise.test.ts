import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { stopChild } from "./child.js";
import { supervise } from "./supervise.js";

/** A child that runs until stopped, as the stack's parts do. */
function startSleeper() {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const exited = new Promise<never>((_, reject) => child.once("exit", () => reject(new Error("exited"))));
  exited.catch(() => undefined);
  return Promise.resolve({ stop: () => stopChild(child), exited, pid: child.pid });
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("not yet");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("supervise", () => {
  it("starts a part again when it dies, runs the restart step on the new one, and stops it for good on stop", async () => {
    const restarted: Array<number | undefined> = [];
    const supervised = await supervise("sleeper", startSleeper, async (part) => {
      restarted.push(part.pid);
    });
    const first = supervised.part.pid() as number;
    process.kill(first, "SIGKILL");
    await until(() => supervised.part.restarts() === 1 && supervised.part.pid() !== undefined);
    const second = supervised.part.pid() as number;
    expect(second).not.toBe(first);
    expect(restarted).toEqual([second]);

    await supervised.stop();
    expect(() => process.kill(second, 0)).toThrow();
    // Stopped on purpose: not started again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervised.part.restarts()).toBe(1);
  });

  it("keeps trying a part that fails to start again, until it starts", async () => {
    let starts = 0;
    const supervised = await supervise("flaky", async () => {
      starts++;
      if (starts === 2) throw new Error("port still taken");
      return startSleeper();
    });
    process.kill(supervised.part.pid() as number, "SIGKILL");
    await until(() => supervised.part.restarts() === 1 && supervised.part.pid() !== undefined);
    expect(starts).toBe(3);
    await supervised.stop();
  });
});
