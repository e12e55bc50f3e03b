import { describe, expect, it } from "vitest";
import { useTestMomento } from "./testing";

const momento = useTestMomento({ cacheName: "http-cache", apiKey: "secret-key" });

describe("Momento's HTTP API", () => {
  it("puts, gets and deletes a value", async () => {
    expect((await momento.put("greeting", "hello")).status).toBe(204);

    const hit = await momento.get("greeting");
    expect(hit.status).toBe(200);
    expect(hit.headers.get("content-type")).toBe("application/octet-stream");
    expect(await hit.text()).toBe("hello");

    expect((await momento.delete("greeting")).status).toBe(204);
    const miss = await momento.get("greeting");
    expect(miss.status).toBe(404);
    expect(await miss.text()).toMatch(/key not found/i);
  });

  it("takes binary keys as key_base64, in either alphabet, padded or not, and the token as a query parameter", async () => {
    const key = Buffer.from([0xff, 0x00, 0xfb, 0xef]);
    const body = new Uint8Array([1, 2, 3, 0]);
    const stored = await fetch(
      momento.url({ key_base64: key.toString("base64url"), ttl_seconds: "60", token: momento.server.apiKey }),
      { method: "PUT", body },
    );
    expect(stored.status).toBe(204);
    for (const keyBase64 of [
      key.toString("base64url"),
      key.toString("base64"),
      key.toString("base64").replace(/=+$/, ""),
    ]) {
      const hit = await fetch(momento.url({ key_base64: keyBase64, token: momento.server.apiKey }));
      expect(new Uint8Array(await hit.arrayBuffer()), keyBase64).toEqual(body);
    }
  });

  it("answers 400 for a key_base64 that is not base64, instead of decoding it into another key", async () => {
    // Node's lenient decoder makes "i" of "aQ!", "a Q" and "aR": a malformed key must not reach it.
    await momento.put("i", "stored under the key 'i'");
    for (const malformed of ["aQ!", "a Q", "aQ==x", "aQ=", "a", "aR", "ab+_", "aQ==="]) {
      const response = await fetch(momento.url({ key_base64: malformed }), { headers: momento.auth() });
      expect(response.status, malformed).toBe(400);
      expect(await response.text()).toMatch(/key_base64/);
    }
    const refusedPut = await fetch(momento.url({ key_base64: "aR", ttl_seconds: "60" }), {
      method: "PUT",
      headers: momento.auth(),
      body: "overwritten?",
    });
    expect(refusedPut.status).toBe(400);
    expect(await (await momento.get("i")).text()).toBe("stored under the key 'i'");
  });

  it("answers 400 for a missing or empty key, or for both kinds of key at once", async () => {
    const queries: Record<string, string>[] = [{}, { key: "" }, { key_base64: "" }, { key: "k", key_base64: "aw" }];
    for (const query of queries) {
      const response = await fetch(momento.url(query), { headers: momento.auth() });
      expect(response.status, JSON.stringify(query)).toBe(400);
      await response.text();
    }
  });

  it("answers 401 without the token or with a wrong one, in the header or the query", async () => {
    const answers = [
      await fetch(momento.url({ key: "k" })),
      await fetch(momento.url({ key: "k" }), { headers: { authorization: "wrong" } }),
      await fetch(momento.url({ key: "k", token: "wrong" })),
      await fetch(momento.url({ key: "k", ttl_seconds: "60" }), { method: "PUT", body: "v" }),
    ];
    expect(answers.map((response) => response.status)).toEqual([401, 401, 401, 401]);
    expect(await answers[0]!.text()).toMatch(/unauthorized/i);
  });

  it("answers 404 saying the cache was not found for another cache", async () => {
    const response = await fetch(momento.url({ key: "k" }, "other"), { headers: momento.auth() });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/cache not found/i);
  });

  it("answers 400 for a missing, invalid or too long TTL, and takes 24 hours", async () => {
    const noTtl = await fetch(momento.url({ key: "k" }), { method: "PUT", headers: momento.auth(), body: "v" });
    expect(noTtl.status).toBe(400);
    expect((await momento.put("k", "v", "soon")).status).toBe(400);
    expect((await momento.put("k", "v", "0")).status).toBe(400);
    expect((await momento.put("k", "v", "1.5")).status).toBe(400);
    expect((await momento.put("k", "v", String(24 * 60 * 60 + 1))).status).toBe(400);
    expect((await momento.put("k", "v", String(24 * 60 * 60))).status).toBe(204);
  });

  it("expires a value at its TTL", async () => {
    await momento.put("short", "lived", "2");
    momento.clock.now += 1_999;
    expect((await momento.get("short")).status).toBe(200);
    momento.clock.now += 1;
    expect((await momento.get("short")).status).toBe(404);
  });

  it("answers 429 naming the item size limit for key + value over 5 MB, and takes 5 MB", async () => {
    const fiveMegabytes = 5 * 1024 * 1024;
    const refused = await momento.put("big", new Uint8Array(fiveMegabytes - 2));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("item_size_limit_exceeded");
    expect((await momento.get("big")).status).toBe(404);
    expect((await momento.put("big", new Uint8Array(fiveMegabytes - 3))).status).toBe(204);
    expect(momento.server.stats().throttled).toBe(0);
  });

  it("answers 405 for other methods", async () => {
    const response = await fetch(momento.url({ key: "k" }), { method: "POST", headers: momento.auth() });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, PUT, DELETE");
  });
});

describe("faults", () => {
  it("answers 503 to every call while unavailable, and bills none", async () => {
    momento.server.setFault("unavailable");
    expect((await momento.get("k")).status).toBe(503);
    expect((await momento.put("k", "v")).status).toBe(503);
    expect(momento.server.stats()).toMatchObject({ requests: 2, faulted: 2, billedOperations: 0 });
    momento.server.setFault("none");
    expect((await momento.put("k", "v")).status).toBe(204);
  });

  it("holds every call while slow, and drops unbilled a call whose client gave up", async () => {
    momento.server.setFault("slow", { slowMs: 60_000 });
    const gaveUp = new AbortController();
    let settled = false;
    const pending = fetch(momento.url({ key: "k" }), { headers: momento.auth(), signal: gaveUp.signal }).finally(
      () => (settled = true),
    );
    while (momento.server.stats().faulted === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    gaveUp.abort();
    await expect(pending).rejects.toThrow();
    expect(momento.server.stats()).toMatchObject({ requests: 1, faulted: 1, billedOperations: 0 });
  });

  it("still answers when slow, after the delay", async () => {
    momento.server.setFault("slow", { slowMs: 10 });
    expect((await momento.put("k", "v")).status).toBe(204);
    expect(await (await momento.get("k")).text()).toBe("v");
    expect(momento.server.stats()).toMatchObject({ requests: 2, faulted: 2, billedOperations: 3 });
  });
});

describe("local controls", () => {
  const control = (action: string, body?: unknown) =>
    fetch(`${momento.server.httpUrl}/_local/${action}`, {
      method: body === undefined ? "GET" : "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("reads and resets the stats, clears the cache, sets the limit and the fault", async () => {
    await momento.put("k", "v");
    expect(await (await control("stats")).json()).toEqual({
      operations: { set: 1 },
      billedOperations: 1,
      requests: 1,
      throttled: 0,
      faulted: 0,
    });
    expect((await control("reset-stats", {})).status).toBe(204);
    expect(momento.server.stats().requests).toBe(0);
    expect((await control("clear", {})).status).toBe(204);
    expect((await momento.get("k")).status).toBe(404);

    expect((await control("limit", { operationsPerSecond: 1 })).status).toBe(204);
    expect((await momento.get("k")).status).toBe(404);
    expect((await momento.get("k")).status).toBe(429);
    expect((await control("limit", { operationsPerSecond: null })).status).toBe(204);
    expect((await momento.get("k")).status).toBe(404);

    expect((await control("fault", { fault: "unavailable" })).status).toBe(204);
    expect((await momento.get("k")).status).toBe(503);
    expect((await control("fault", { fault: "none" })).status).toBe(204);
    expect((await momento.get("k")).status).toBe(404);
  });

  it("refuses malformed controls with 400 and unknown ones with 404, changing nothing", async () => {
    const refused = [
      await control("limit", {}),
      await control("limit", { operationsPerSecond: -1 }),
      await control("fault", { fault: "broken" }),
      await control("fault", { fault: "slow", slowMs: "long" }),
      await fetch(`${momento.server.httpUrl}/_local/limit`, { method: "POST", body: "{not json" }),
      await control("explode", {}),
    ];
    expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 400, 400, 404]);
    expect((await momento.put("k", "v")).status).toBe(204);
    expect(momento.server.stats().throttled).toBe(0);
  });
});
