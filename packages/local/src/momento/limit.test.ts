import { describe, expect, it } from "vitest";
import { statuses, useTestMomento } from "./testing";

// No limit chosen: the server applies Momento's default account limit, as `pnpm dev` and the tests get it.
const momento = useTestMomento();

const setAll = (count: number, prefix: string) =>
  Promise.all(Array.from({ length: count }, (_, index) => momento.put(`${prefix}${index}`, "v")));

const count = (responses: Response[], status: number) => statuses(responses).filter((code) => code === status).length;

describe("the operations limit", () => {
  it("lets 100 operations a second through by default, of 150 concurrent calls, and refuses the rest with 429", async () => {
    const responses = await setAll(150, "k");
    expect(count(responses, 204)).toBe(100);
    expect(count(responses, 429)).toBe(50);
    const refused = responses.find((response) => response.status === 429)!;
    expect(await refused.text()).toContain("operations_rate_limit_exceeded");
    expect(momento.server.stats()).toMatchObject({ requests: 150, throttled: 50, billedOperations: 150 });
  });

  it("lets calls through again once the second that filled it has passed", async () => {
    await setAll(100, "k");
    expect((await momento.put("late", "v")).status).toBe(429);
    momento.clock.now += 999;
    expect((await momento.put("late", "v")).status).toBe(429);
    momento.clock.now += 1_000;
    expect((await momento.put("late", "v")).status).toBe(204);
  });

  it("keeps a client that ignores throttling throttled: refused calls count in the window", async () => {
    expect(count(await setAll(100, "first"), 204)).toBe(100);
    momento.clock.now += 600;
    expect(count(await setAll(100, "ignoring"), 429)).toBe(100);
    // The first hundred have left the window; the hundred refusals have not.
    momento.clock.now += 400;
    expect((await momento.put("still", "v")).status).toBe(429);
    momento.clock.now += 600;
    expect((await momento.put("finally", "v")).status).toBe(204);
  });

  it("counts KiB, not calls, against the limit", async () => {
    expect((await momento.put("big", "x".repeat(48 * 1024))).status).toBe(204); // 49 operations
    expect((await momento.get("big")).status).toBe(200); // 1 + 48 operations: 98 in the window
    expect((await momento.put("small", "v")).status).toBe(204); // 99
    expect((await momento.put("small", "v")).status).toBe(204); // 100
    expect((await momento.put("small", "v")).status).toBe(429);
    expect(momento.server.stats()).toMatchObject({ requests: 5, throttled: 1, billedOperations: 101 });
  });

  it("returns to the starting limit on reset", async () => {
    momento.server.setLimit(Infinity);
    expect(count(await setAll(150, "k"), 204)).toBe(150);
    momento.server.reset();
    expect(count(await setAll(101, "k"), 429)).toBe(1);
  });
});
