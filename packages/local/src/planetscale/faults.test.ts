import { connect, DatabaseError } from "@planetscale/database";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "../test/own-database";
import type { FaultPlan } from "./faults";
import { startPlanetScaleSimulator, type Simulator } from "./index";

const { target, database } = ownDatabase("gogh_test_faults");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startPlanetScaleSimulator({ mysql: target, database });
  await connect({ url: simulator.url }).execute("CREATE TABLE notes (id INT NOT NULL PRIMARY KEY)");
});

afterAll(async () => {
  await simulator?.close();
});

afterEach(() => simulator.setFault({ fault: "none" }));

/** A driver whose every call gives up after `ms`, as the app's does under its deadline. */
const client = (ms = 5_000) =>
  connect({ url: simulator.url, fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) }) });

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "answered",
    (error: unknown) => error,
  );
}

/** The simulator's own controls, as tests in other packages reach them. */
async function control(action: string, body?: FaultPlan) {
  const url = new URL(simulator.url);
  return fetch(`http://${url.host}/_local/${action}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Basic ${btoa(`${url.username}:${url.password}`)}` },
    body: body && JSON.stringify(body),
  });
}

describe("injected faults", () => {
  it("'unavailable' answers as PlanetScale does when it loses MySQL: error code UNAVAILABLE in the body", async () => {
    simulator.setFault({ fault: "unavailable" });
    const error = await outcome(client().execute("SELECT 1"));
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).body).toMatchObject({ code: "UNAVAILABLE" });
    expect((error as DatabaseError).message).toContain("code = Unavailable");
  });

  it("'hang' never answers: the client gives up, and the call is dropped without running", async () => {
    simulator.setFault({ fault: "hang" });
    const before = (await (await control("stats")).json()) as { abandoned: number };
    const error = await outcome(client(100).execute("INSERT INTO notes VALUES (1)"));
    expect((error as Error).name).toBe("TimeoutError");
    await expect
      .poll(async () => ((await (await control("stats")).json()) as { abandoned: number }).abandoned)
      .toBe(before.abandoned + 1);
    simulator.setFault({ fault: "none" });
    expect((await client().execute("SELECT COUNT(*) AS n FROM notes")).rows).toEqual([{ n: "0" }]);
  });

  it("a hung call goes on when the fault is cleared while its client still waits", async () => {
    simulator.setFault({ fault: "hang" });
    const pending = client().execute("SELECT 7 AS n");
    await expect
      .poll(async () => ((await (await control("stats")).json()) as { faulted: number }).faulted)
      .toBeGreaterThan(0);
    simulator.setFault({ fault: "none" });
    expect((await pending).rows).toEqual([{ n: "7" }]);
  });

  it("'drop-connection' closes the connection without an answer", async () => {
    simulator.setFault({ fault: "drop-connection" });
    const error = await outcome(client().execute("INSERT INTO notes VALUES (2)"));
    expect(error).toBeInstanceOf(TypeError);
    simulator.setFault({ fault: "none" });
    expect((await client().execute("SELECT COUNT(*) AS n FROM notes")).rows).toEqual([{ n: "0" }]);
  });

  it("strikes after the calls it spares and stops after the calls it is given", async () => {
    simulator.setFault({ fault: "unavailable", after: 2, calls: 1 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await outcome(client().execute("SELECT 1")));
    expect(results.map((result) => (result === "answered" ? result : "failed"))).toEqual([
      "answered",
      "answered",
      "failed",
      "answered",
    ]);
  });

  it("strikes inside a transaction, which then commits nothing", async () => {
    // BEGIN and the INSERT pass; COMMIT meets the fault; the driver's ROLLBACK passes.
    simulator.setFault({ fault: "unavailable", after: 2, calls: 1 });
    const error = await outcome(client().transaction((tx) => tx.execute("INSERT INTO notes VALUES (3)")));
    expect(error).toBeInstanceOf(DatabaseError);
    expect((await client().execute("SELECT COUNT(*) AS n FROM notes")).rows).toEqual([{ n: "0" }]);
  });

  it("is set over HTTP behind the database's credentials, and refuses plans it does not know", async () => {
    expect((await control("fault", { fault: "drop-connection", calls: 1 })).status).toBe(204);
    expect(await outcome(client().execute("SELECT 1"))).toBeInstanceOf(TypeError);
    expect(await outcome(client().execute("SELECT 1"))).toBe("answered");
    expect((await control("fault", { fault: "explode" } as unknown as FaultPlan)).status).toBe(400);
    const url = new URL(simulator.url);
    expect((await fetch(`http://${url.host}/_local/stats`)).status).toBe(401);
  });
});
