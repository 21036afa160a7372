import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { UsageError } from "./usage-error.js";
import { writeStdout } from "./output.js";

export interface PlaygroundOptions {
  port: string;
  host: string;
}

/** The hosts the playground listens on: this machine only. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1"];

/** The page the build makes (scripts/build-playground.mjs), beside the CLI's bundle in dist/. */
export function playgroundPage(): string {
  return fileURLToPath(new URL("../playground/index.html", import.meta.url));
}

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  // the page's own meta policy, sent as a header too: it loads and sends nothing
  "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'",
};

/**
 * `promtext playground`: serves dist/playground/index.html (the same file works opened from disk)
 * on 127.0.0.1, prints its URL, and runs until SIGINT or SIGTERM; then exits 0. Returns the exit code.
 */
export async function playground(options: PlaygroundOptions): Promise<number> {
  const host = options.host === "localhost" ? "127.0.0.1" : options.host;
  if (!LOOPBACK_HOSTS.includes(options.host)) {
    throw new UsageError(`--host ${options.host}: the playground listens on this machine only (127.0.0.1, ::1 or localhost); to share it, serve ${playgroundPage()} as a static file`);
  }
  if (!/^\d+$/.test(options.port) || Number(options.port) > 65535) throw new UsageError(`--port takes a port number from 0 (any free port) to 65535; got "${options.port}"`);
  let page: Buffer;
  try {
    page = readFileSync(playgroundPage());
  } catch {
    throw new UsageError(`the playground page ${playgroundPage()} is missing: run npm run build`);
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
    } else if (path !== "/" && path !== "/index.html") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the playground is one page, at /\n");
    } else {
      response.writeHead(200, { ...HEADERS, "content-length": page.length });
      response.end(request.method === "HEAD" ? undefined : page);
    }
  });
  server.listen(Number(options.port), host);
  try {
    await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error))]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "EADDRINUSE" ? `port ${options.port} on ${host} is in use: pick another with --port, or --port 0 for any free one` : `cannot listen on ${host}:${options.port}: ${(error as Error).message}`);
  }
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : Number(options.port);
  await writeStdout(`http://${host.includes(":") ? `[${host}]` : host}:${port}/\n`);

  // Ctrl-C or a kill ends it quietly, with exit 0: stopping it is how it is used
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
