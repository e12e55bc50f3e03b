import {
  CacheClient,
  CacheDictionarySetField,
  CacheGet,
  CacheSet,
  CacheSetIfAbsent,
  Configurations,
  MomentoErrorCode,
  MomentoLocalProvider,
  ReadConcern,
} from "@gomomento/sdk";
import type { Configuration } from "@gomomento/sdk";
import type { Metadata } from "@grpc/grpc-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMomentoServer, type MomentoServer } from "./index";

let server: MomentoServer;
let client: CacheClient;
let cache: string;

const newClient = (configuration: Configuration = Configurations.Lambda.latest()) =>
  new CacheClient({
    configuration,
    credentialProvider: new MomentoLocalProvider({ hostname: "127.0.0.1", port: server.grpcPort }),
    defaultTtlSeconds: 60,
  });

beforeAll(async () => {
  server = await startMomentoServer();
  cache = server.cacheName;
  client = newClient();
});

afterAll(async () => {
  client.close();
  await server.close();
});

beforeEach(() => server.reset());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("metering", () => {
  it("bills each started KiB of key and value", async () => {
    await client.set(cache, "k", "x".repeat(3 * 1024 - 1));
    expect(server.stats().operations.set).toBe(3);
    await client.set(cache, "k", "x".repeat(3 * 1024));
    expect(server.stats().operations.set).toBe(3 + 4);
    await client.get(cache, "k");
    expect(server.stats().operations.get).toBe(4);
    await client.get(cache, "missing");
    expect(server.stats().operations.get).toBe(4 + 1);
    expect(server.stats().billedOperations).toBe(12);
  });

  it("bills a conditional write double", async () => {
    await client.setIfAbsent(cache, "lock", "me");
    expect(server.stats().operations).toEqual({ setIfAbsent: 2 });
    await client.setIfAbsent(cache, "lock", "you");
    expect(server.stats().operations.setIfAbsent).toBe(4);
  });

  it("bills a batch as the sum of its items", async () => {
    await client.setBatch(cache, { a: "1", b: "x".repeat(2 * 1024) });
    await client.getBatch(cache, ["a", "b", "c"]);
    expect(server.stats().operations).toEqual({ setBatch: 1 + 3, getBatch: 1 + 3 + 1 });
  });

  it("bills multi-element collection calls half an operation per element", async () => {
    await client.dictionarySetFields(cache, "d", { a: "1", b: "2", c: "3" });
    await client.keysExist(cache, ["a", "b", "c", "d"]);
    expect(server.stats().operations).toEqual({ dictionarySet: 2, keysExist: 2 });
  });

  it("bills a consistent read double", async () => {
    const consistent = newClient(Configurations.Lambda.latest().withReadConcern(ReadConcern.CONSISTENT));
    try {
      await consistent.get(cache, "k");
    } finally {
      consistent.close();
    }
    expect(server.stats().operations.get).toBe(2);
  });

  it("counts requests, and bills nothing for refused calls", async () => {
    await client.get("other-cache", "k");
    expect(server.stats()).toEqual({ operations: {}, billedOperations: 0, requests: 1, throttled: 0, faulted: 0 });
  });
});

describe("rate limit", () => {
  it("refuses calls over the limit with LIMIT_EXCEEDED_ERROR and counts them", async () => {
    server.setLimit(5);
    const responses = [];
    for (let i = 0; i < 8; i++) responses.push(await client.set(cache, `k${i}`, "v"));
    expect(responses.slice(0, 5).every((response) => response instanceof CacheSet.Success)).toBe(true);
    const refused = responses.slice(5);
    expect(refused.every((response) => response instanceof CacheSet.Error)).toBe(true);
    const error = (refused[0] as CacheSet.Error).innerException();
    expect(error.errorCode()).toBe(MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
    expect((error.transportDetails().grpc.metadata as Metadata).get("err")).toEqual(["operations_rate_limit_exceeded"]);
    expect(error.wrappedErrorMessage()).toContain("Request rate limit exceeded");
    expect(server.stats()).toMatchObject({ requests: 8, throttled: 3, billedOperations: 5 });
  });

  it("counts KiB against the limit and lets calls through again after a second", async () => {
    server.setLimit(4);
    await client.set(cache, "big", "x".repeat(4 * 1024));
    expect(await client.get(cache, "big")).toBeInstanceOf(CacheGet.Error);
    await sleep(1_050);
    expect(await client.get(cache, "big")).toBeInstanceOf(CacheGet.Hit);
  });

  it("does not retry a throttled call", async () => {
    server.setLimit(0);
    const response = await client.setIfAbsent(cache, "k", "v");
    expect((response as CacheSetIfAbsent.Error).errorCode()).toBe(MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
    await client.get(cache, "k");
    expect(server.stats()).toMatchObject({ requests: 2, throttled: 2 });
  });
});

describe("faults", () => {
  it("fails every call as unavailable, which the SDK reports as SERVER_UNAVAILABLE", async () => {
    await client.set(cache, "k", "v");
    server.setFault("unavailable");
    const response = await client.get(cache, "k");
    expect((response as CacheGet.Error).errorCode()).toBe(MomentoErrorCode.SERVER_UNAVAILABLE);
    // The SDK retries idempotent calls (a Get) on UNAVAILABLE: every attempt is a faulted request.
    expect(server.stats().faulted).toBe(server.stats().requests - 1);
    expect(server.stats().faulted).toBeGreaterThanOrEqual(1);

    server.setFault("none");
    expect(await client.get(cache, "k")).toBeInstanceOf(CacheGet.Hit);
  });

  it("answers too late when slow, which the SDK reports as TIMEOUT_ERROR at its 1.1 s deadline", async () => {
    server.setFault("slow");
    const started = performance.now();
    const response = await client.get(cache, "k");
    const elapsed = performance.now() - started;
    expect((response as CacheGet.Error).errorCode()).toBe(MomentoErrorCode.TIMEOUT_ERROR);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(1_600);
    expect(server.stats().faulted).toBe(1);
  });

  it("still answers when slow within the deadline", async () => {
    server.setFault("slow", { slowMs: 100 });
    await client.set(cache, "k", "v");
    expect(await client.get(cache, "k")).toBeInstanceOf(CacheGet.Hit);
    expect(server.stats()).toMatchObject({ requests: 2, faulted: 2 });
  });
});

describe("size limits", () => {
  it("refuses an item over 5 MB (key + value) as Momento does: LIMIT_EXCEEDED with item_size_limit_exceeded", async () => {
    const value = new Uint8Array(5 * 1024 * 1024);
    const response = await client.set(cache, "big", value);
    expect(response).toBeInstanceOf(CacheSet.Error);
    const error = (response as CacheSet.Error).innerException();
    expect(error.errorCode()).toBe(MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
    expect((error.transportDetails().grpc.metadata as Metadata).get("err")).toEqual(["item_size_limit_exceeded"]);
    expect(error.wrappedErrorMessage()).toContain("Item size limit exceeded");
    expect(server.stats().throttled).toBe(0);

    expect(await client.set(cache, "big", value.subarray(3))).toBeInstanceOf(CacheSet.Success);
  });

  it("refuses a collection element over 128 KB", async () => {
    const response = await client.dictionarySetField(cache, "d", "f", "x".repeat(128 * 1024));
    const error = (response as CacheDictionarySetField.Error).innerException();
    expect(error.errorCode()).toBe(MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
    expect((error.transportDetails().grpc.metadata as Metadata).get("err")).toEqual(["element_size_limit_exceeded"]);
  });
});
