import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

/** The Debian package's binary; .ci/run installs it (prometheus-pushgateway). */
export const PUSHGATEWAY_BIN = ["/usr/bin/prometheus-pushgateway", "/usr/bin/pushgateway"].find((p) => existsSync(p));
export const pushgatewayAvailable = PUSHGATEWAY_BIN !== undefined;
export const PUSHGATEWAY_SKIP = "prometheus-pushgateway is not installed; .ci/run installs the Debian package";

export function pushgatewayVersion(): string {
  if (!PUSHGATEWAY_BIN) return "none";
  const r = spawnSync(PUSHGATEWAY_BIN, ["--version"], { encoding: "utf8" });
  return (r.stdout + r.stderr).split("\n")[0] ?? "";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPushgateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Pushgateway on 127.0.0.1 and a free port, with no persistence file (Debian's default
 * writes to /var/lib), stopped by its own PID.
 */
export async function startPushgateway(): Promise<RunningPushgateway> {
  if (!PUSHGATEWAY_BIN) throw new Error(PUSHGATEWAY_SKIP);
  const port = await freePort();
  const child: ChildProcess = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`, "--persistence.file=", "--log.level=error"], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`the Pushgateway did not start on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
