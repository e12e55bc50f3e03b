// For this folder's tests: a local Momento on a clock the test moves, and Momento's HTTP API
// called the way a client calls it, with fetch.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type MomentoServer, type MomentoServerOptions, startMomentoServer } from "./index";

export interface TestMomento {
  server: MomentoServer;
  /** The server's clock: TTLs and the limit's window read it; tests move it instead of sleeping. */
  clock: { now: number };
  /** The URL of a call on the server's cache (or `cacheName`), with the given query. */
  url(query: Record<string, string>, cacheName?: string): string;
  /** Authorization header with the server's token. */
  auth(): { authorization: string };
  get(key: string): Promise<Response>;
  put(key: string, body: string | Uint8Array, ttlSeconds?: string): Promise<Response>;
  delete(key: string): Promise<Response>;
}

/** Starts a server for the test file, closes it after, and resets it (as started) before each test. */
export function useTestMomento(options: Omit<MomentoServerOptions, "now"> = {}): TestMomento {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const momento = {
    clock,
    url: (query, cacheName = momento.server.cacheName) =>
      `${momento.server.httpUrl}/cache/${encodeURIComponent(cacheName)}?${new URLSearchParams(query)}`,
    auth: () => ({ authorization: momento.server.apiKey }),
    get: (key) => fetch(momento.url({ key }), { headers: momento.auth() }),
    put: (key, body, ttlSeconds = "60") =>
      fetch(momento.url({ key, ttl_seconds: ttlSeconds }), { method: "PUT", headers: momento.auth(), body }),
    delete: (key) => fetch(momento.url({ key }), { method: "DELETE", headers: momento.auth() }),
  } as TestMomento;
  beforeAll(async () => {
    momento.server = await startMomentoServer({ ...options, now: () => clock.now });
  });
  afterAll(() => momento.server.close());
  beforeEach(() => momento.server.reset());
  return momento;
}

/** Statuses of responses, in order, for compact assertions. */
export const statuses = (responses: Response[]) => responses.map((response) => response.status);
