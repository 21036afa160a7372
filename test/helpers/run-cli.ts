import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
/** The built CLI, as `npx promtext` runs it. */
export const cli = join(root, "dist/cli/promtext.cjs");
/** As root, permissions stop no read or write: a run that needs them drops to nobody with setpriv. */
export const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
export const asRoot = process.getuid?.() === 0;

/** Runs the built CLI without blocking this process (a test's own server must keep answering); `unprivileged` runs it as nobody when the suite runs as root. */
export function runCli(args: string[], options: { cwd?: string; unprivileged?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, argv] = options.unprivileged && asRoot ? [SETPRIV as string, ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
  return new Promise((resolve) => {
    const child = execFile(file, argv, { cwd: options.cwd ?? root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}
