import { describe, expect, it } from "vitest";
import { statuses, useTestMomento } from "./testing";

// The rules are written out at the top of meter.ts; each test here checks one over real HTTP calls.
const momento = useTestMomento();

const KIB = 1024;

describe("billing by Momento's rules", () => {
  it("bills a small hit 2, a small miss 1, a small set 1 and a delete 1", async () => {
    await momento.put("k", "v");
    expect(momento.server.stats().operations).toEqual({ set: 1 });
    await (await momento.get("k")).text();
    expect(momento.server.stats().operations).toEqual({ set: 1, get: 2 });
    await momento.delete("k");
    await (await momento.get("k")).text();
    expect(momento.server.stats()).toEqual({
      operations: { set: 1, get: 2 + 1, delete: 1 },
      billedOperations: 5,
      requests: 4,
      throttled: 0,
      faulted: 0,
    });
  });

  it("bills each started KiB of the request's key and value and of the response's value", async () => {
    await momento.put("k", "x".repeat(3 * KIB - 1)); // 3 KiB with the key
    expect(momento.server.stats().operations.set).toBe(3);
    await momento.put("k", "x".repeat(3 * KIB)); // one byte into a fourth KiB
    expect(momento.server.stats().operations.set).toBe(3 + 4);
    await (await momento.get("k")).text(); // a 1-byte key out, 3 KiB back
    expect(momento.server.stats().operations.get).toBe(1 + 3);
    const longKey = "k".repeat(KIB + 1);
    await (await momento.get(longKey)).text(); // a miss on a key of two started KiB
    expect(momento.server.stats().operations.get).toBe(4 + 2);
    await momento.delete(longKey);
    expect(momento.server.stats().operations.delete).toBe(2);
    expect(momento.server.stats().billedOperations).toBe(7 + 6 + 2);
  });

  it("bills a refused call one operation: no key, a malformed key_base64, a bad TTL, another cache, an item over 5 MB", async () => {
    const refused = [
      await fetch(momento.url({}), { headers: momento.auth() }),
      await fetch(momento.url({ key_base64: "a!" }), { headers: momento.auth() }),
      await momento.put("k", "v", "0"),
      await fetch(momento.url({ key: "k" }, "another-cache"), { headers: momento.auth() }),
      await momento.put("big", new Uint8Array(5 * 1024 * 1024)),
    ];
    expect(statuses(refused)).toEqual([400, 400, 400, 404, 429]);
    expect(momento.server.stats()).toMatchObject({
      operations: { get: 3, set: 2 },
      billedOperations: 5,
      requests: 5,
      throttled: 0,
    });
  });

  it("bills nothing for a call that fails authentication, and counts it as a request", async () => {
    const refused = [
      await fetch(momento.url({ key: "k" })),
      await fetch(momento.url({ key: "k", ttl_seconds: "60" }), { method: "PUT", body: "v" }),
      await fetch(momento.url({ key: "k" }), { method: "DELETE", headers: { authorization: "not-the-key" } }),
    ];
    expect(statuses(refused)).toEqual([401, 401, 401]);
    expect(momento.server.stats()).toEqual({
      operations: {},
      billedOperations: 0,
      requests: 3,
      throttled: 0,
      faulted: 0,
    });
  });

  it("bills a call refused for the rate limit one operation", async () => {
    momento.server.setLimit(2);
    await momento.put("a", "x".repeat(2 * KIB)); // 3 operations: over the limit at once
    const refused = await momento.get("a");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("operations_rate_limit_exceeded");
    expect(momento.server.stats()).toMatchObject({
      operations: { set: 3, get: 1 },
      billedOperations: 4,
      requests: 2,
      throttled: 1,
    });
  });
});
