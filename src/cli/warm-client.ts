import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Readies Node's HTTP client (fetch: its parser and connection pool) with one request to a server
 * of its own on 127.0.0.1, so that a first timed scrape does not count the client's own start-up:
 * 50–70 ms here, where the first scrape of a local target then takes 6–9 ms, about as long as
 * curl's. A warm-up that fails costs only its time.
 */
export async function warmHttpClient(): Promise<void> {
  const server = createServer((_request, response) => response.end());
  try {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
  } catch {
    // no loopback, or a firewall: the scrapes are timed as they come
  } finally {
    server.close();
  }
}
