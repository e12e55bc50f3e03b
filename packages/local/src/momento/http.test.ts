import { CacheClient, CacheGet, Configurations, MomentoLocalProvider } from "@gomomento/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMomentoServer, type MomentoServer } from "./index";

let server: MomentoServer;

beforeAll(async () => {
  server = await startMomentoServer({ cacheName: "http-cache", apiKey: "secret-key" });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => server.reset());

const cacheUrl = (query: Record<string, string>, cacheName = server.cacheName) =>
  `${server.httpUrl}/cache/${encodeURIComponent(cacheName)}?${new URLSearchParams(query)}`;

const auth = () => ({ authorization: server.apiKey });

const put = (key: string, body: string | Uint8Array, ttlSeconds = "60") =>
  fetch(cacheUrl({ key, ttl_seconds: ttlSeconds }), { method: "PUT", headers: auth(), body });

describe("Momento's HTTP API", () => {
  it("puts, gets and deletes a value", async () => {
    const stored = await put("greeting", "hello");
    expect(stored.status).toBe(204);

    const hit = await fetch(cacheUrl({ key: "greeting" }), { headers: auth() });
    expect(hit.status).toBe(200);
    expect(hit.headers.get("content-type")).toBe("application/octet-stream");
    expect(await hit.text()).toBe("hello");

    const deleted = await fetch(cacheUrl({ key: "greeting" }), { method: "DELETE", headers: auth() });
    expect(deleted.status).toBe(204);
    const miss = await fetch(cacheUrl({ key: "greeting" }), { headers: auth() });
    expect(miss.status).toBe(404);
    expect(await miss.text()).toMatch(/key not found/i);
    expect(server.stats().operations).toEqual({ httpSet: 1, httpGet: 2, httpDelete: 1 });
  });

  it("takes binary keys as key_base64 and the token as a query parameter", async () => {
    const key = Buffer.from([0xff, 0x00, 0xfe]).toString("base64url");
    const body = new Uint8Array([1, 2, 3, 0]);
    const stored = await fetch(cacheUrl({ key_base64: key, ttl_seconds: "60", token: server.apiKey }), {
      method: "PUT",
      body,
    });
    expect(stored.status).toBe(204);
    const hit = await fetch(cacheUrl({ key_base64: key, token: server.apiKey }));
    expect(new Uint8Array(await hit.arrayBuffer())).toEqual(body);
  });

  it("shares the store with the gRPC API", async () => {
    await put("shared", "from http");
    const client = new CacheClient({
      configuration: Configurations.Lambda.latest(),
      credentialProvider: new MomentoLocalProvider({ hostname: "127.0.0.1", port: server.grpcPort }),
      defaultTtlSeconds: 60,
    });
    try {
      const hit = await client.get(server.cacheName, "shared");
      expect((hit as CacheGet.Hit).valueString()).toBe("from http");
    } finally {
      client.close();
    }
  });

  it("answers 401 without the token or with a wrong one", async () => {
    expect((await fetch(cacheUrl({ key: "k" }))).status).toBe(401);
    expect((await fetch(cacheUrl({ key: "k" }), { headers: { authorization: "wrong" } })).status).toBe(401);
    expect((await fetch(cacheUrl({ key: "k", token: "wrong" }))).status).toBe(401);
  });

  it("answers 404 saying the cache was not found for another cache", async () => {
    const response = await fetch(cacheUrl({ key: "k" }, "other"), { headers: auth() });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/cache not found/i);
  });

  it("answers 400 for a missing key and a missing, invalid or too long TTL", async () => {
    expect((await fetch(cacheUrl({}), { headers: auth() })).status).toBe(400);
    const noTtl = await fetch(cacheUrl({ key: "k" }), { method: "PUT", headers: auth(), body: "v" });
    expect(noTtl.status).toBe(400);
    expect((await put("k", "v", "soon")).status).toBe(400);
    expect((await put("k", "v", "0")).status).toBe(400);
    expect((await put("k", "v", String(24 * 60 * 60 + 1))).status).toBe(400);
    expect((await put("k", "v", String(24 * 60 * 60))).status).toBe(204);
  });

  it("answers 429 naming the limit when over it", async () => {
    server.setLimit(2);
    expect((await put("a", "1")).status).toBe(204);
    expect((await put("b", "2")).status).toBe(204);
    const refused = await put("c", "3");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("operations_rate_limit_exceeded");
    expect(server.stats()).toMatchObject({ requests: 3, throttled: 1, billedOperations: 2 });
  });

  it("answers 429 naming the item size limit for an item over 5 MB", async () => {
    const refused = await put("big", new Uint8Array(5 * 1024 * 1024));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("item_size_limit_exceeded");
    expect(server.stats().throttled).toBe(0);
  });

  it("answers 503 under the unavailable fault", async () => {
    server.setFault("unavailable");
    const response = await fetch(cacheUrl({ key: "k" }), { headers: auth() });
    expect(response.status).toBe(503);
    expect(server.stats()).toMatchObject({ requests: 1, faulted: 1 });
  });

  it("answers late under the slow fault", async () => {
    server.setFault("slow", { slowMs: 300 });
    const started = performance.now();
    const response = await fetch(cacheUrl({ key: "k" }), { headers: auth() });
    expect(response.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
