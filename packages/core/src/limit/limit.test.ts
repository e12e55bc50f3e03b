import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "../clock";
import { db } from "../db";
import { RateLimited } from "../error";
import { newId } from "../id";
import { trackUsage } from "../usage";
import * as Limit from "./index";
import { wasCounted } from "./repo";

afterEach(() => resetClock());

const rule: Limit.Rule = { name: "test", max: 10, windowSeconds: 60, what: "tries" };

async function outcomes(subject: string, count: number) {
  return Promise.allSettled(Array.from({ length: count }, () => Limit.take(rule, subject)));
}

describe("a limit", () => {
  it("lets exactly max requests through when many more arrive at once, and refuses the rest with Retry-After", async () => {
    const subject = newId();
    const results = await outcomes(subject, 25);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(rule.max);
    for (const result of results) {
      if (result.status === "fulfilled") continue;
      expect(result.reason).toBeInstanceOf(RateLimited);
      expect(result.reason).toMatchObject({ status: 429, code: "rate_limited" });
      expect(result.reason.retryAfter).toBeGreaterThan(0);
      expect(result.reason.retryAfter).toBeLessThanOrEqual(rule.windowSeconds);
    }
  });

  it("counts each subject on its own, and starts again in the next window", async () => {
    const [first, second] = [newId(), newId()];
    await Promise.all(Array.from({ length: rule.max }, () => Limit.take(rule, first)));
    await expect(Limit.take(rule, first)).rejects.toBeInstanceOf(RateLimited);
    await Limit.take(rule, second);
    advanceClock(rule.windowSeconds * 1000);
    const results = await outcomes(first, rule.max + 3);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(rule.max);
  });

  it("costs one query, the first time a subject is seen as every time after, and keeps one row per subject", async () => {
    const subject = newId();
    const first = trackUsage(() => Limit.take(rule, subject));
    await first.result;
    const next = trackUsage(() => Limit.take(rule, subject));
    await next.result;
    expect([first.usage.dbQueries, next.usage.dbQueries]).toEqual([1, 1]);
    expect([first.usage.cacheCalls, next.usage.cacheCalls]).toEqual([0, 0]);
    advanceClock(10 * rule.windowSeconds * 1000);
    await Limit.take(rule, subject);
    const rows = await sql<{
      n: string;
    }>`SELECT COUNT(*) AS n FROM rate_limits WHERE bucket = ${`test:${subject}`}`.execute(db());
    expect(rows.rows[0]?.n).toBe("1");
  });

  it("reads the upsert's outcome whether or not the connection reports found rows, and refuses when the count is lost", () => {
    const cases: [affected: bigint | undefined, count: number | undefined, counted: boolean][] = [
      [1n, 1, true], // opened
      [2n, 5, true], // counted
      [2n, undefined, true], // counted, the reported count dropped on the way
      [0n, undefined, false], // full
      [1n, undefined, false], // full, on a connection that reports found rows
      [undefined, undefined, false],
    ];
    for (const [affected, count, counted] of cases) expect(wasCounted(affected, count)).toBe(counted);
  });

  it("keeps addresses out of the table", async () => {
    const subject = Limit.addressSubject("203.0.113.7");
    expect(subject).not.toContain("203");
    expect(Limit.addressSubject(" 2001:DB8::1 ")).toBe(Limit.addressSubject("2001:db8::1"));
  });
});
