import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { delayMs, delayVariables, productionDelays } from "./latency";
import { type MomentoServer, startMomentoServer } from "./momento/index";
import { type Simulator, startPlanetScaleSimulator } from "./planetscale";
import { type S3Server, startS3Server } from "./s3/index";
import { ownDatabase } from "./test/own-database";

describe("delayMs", () => {
  it("takes the option first, then the environment variable, else no delay", () => {
    expect(delayMs(3, delayVariables.databaseMs, { GOGH_DB_DELAY_MS: "9" })).toBe(3);
    expect(delayMs(undefined, delayVariables.databaseMs, { GOGH_DB_DELAY_MS: "9" })).toBe(9);
    expect(delayMs(undefined, delayVariables.databaseMs, {})).toBe(0);
    expect(delayMs(undefined, delayVariables.databaseMs, { GOGH_DB_DELAY_MS: " " })).toBe(0);
  });

  it("refuses what is not a number of milliseconds", () => {
    expect(() => delayMs(undefined, delayVariables.cacheMs, { GOGH_CACHE_DELAY_MS: "fast" })).toThrow(
      "GOGH_CACHE_DELAY_MS",
    );
    expect(() => delayMs(-1, delayVariables.storageMs, {})).toThrow("GOGH_S3_DELAY_MS");
  });

  it("has production figures for every service", () => {
    expect(Object.keys(productionDelays).sort()).toEqual(Object.keys(delayVariables).sort());
  });
});

// Each server holds a call for half its delay on the way in and half on the way out. Timers are
// faked, so the test moves time instead of waiting for it, and sees the answer held until then.
const { target, database } = ownDatabase("gogh_test_latency");
const delay = 10_000;
let simulator: Simulator;
let momento: MomentoServer;
let s3: S3Server;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database, latencyMs: delay });
  momento = await startMomentoServer({ latencyMs: delay });
  s3 = await startS3Server({ publicPrefixes: [], latencyMs: delay });
});

afterAll(async () => {
  await Promise.all([simulator?.close(), momento?.close(), s3?.close()]);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Sends a request with node:http (whose client sets no timers) and tells when its answer has ended. */
function send(url: string, options: { method: string; headers?: Record<string, string>; body?: string }) {
  const answer = { status: 0, ended: false };
  const sent = request(url, { method: options.method, headers: options.headers }, (response) => {
    answer.status = response.statusCode ?? 0;
    response.resume().on("end", () => (answer.ended = true));
  });
  sent.end(options.body);
  return answer;
}

/** Lets I/O run until `done` holds (timers are fake, so nothing else moves). */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn > 100_000) throw new Error("gave up waiting");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function expectHeldForItsDelay(answer: { status: number; ended: boolean }): Promise<number> {
  // The way in: the server has set its timer and not answered.
  await until(() => vi.getTimerCount() > 0);
  expect(answer.ended).toBe(false);
  await vi.advanceTimersByTimeAsync(delay / 2);
  // The way out: the answer is ready and held.
  await until(() => vi.getTimerCount() > 0 || answer.ended);
  expect(answer.ended).toBe(false);
  await vi.advanceTimersByTimeAsync(delay / 2);
  await until(() => answer.ended);
  return answer.status;
}

describe("each local service holds its calls for the round trip it is given", () => {
  it("the PlanetScale simulator", async () => {
    const url = new URL(simulator.url);
    const authorization = `Basic ${Buffer.from(`${url.username}:${url.password}`).toString("base64")}`;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answer = send(`${url.protocol}//${url.host}/psdb.v1alpha1.Database/Execute`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ query: "SELECT 1" }),
    });
    expect(await expectHeldForItsDelay(answer)).toBe(200);
  });

  it("the Momento server", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answer = send(`${momento.httpUrl}/cache/${momento.cacheName}?key=absent`, {
      method: "GET",
      headers: { authorization: momento.apiKey },
    });
    expect(await expectHeldForItsDelay(answer)).toBe(404);
  });

  it("S3 (an unsigned request, refused after its round trip)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answer = send(`${s3.url}/${s3.bucket}/some-key`, { method: "GET" });
    expect(await expectHeldForItsDelay(answer)).toBe(403);
  });

  it("and answers at once when the delay is turned off", async () => {
    momento.setLatency(0);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const answer = send(`${momento.httpUrl}/cache/${momento.cacheName}?key=absent`, {
      method: "GET",
      headers: { authorization: momento.apiKey },
    });
    await until(() => answer.ended);
    expect(answer.status).toBe(404);
  });
});
