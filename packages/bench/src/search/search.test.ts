import { expect, it } from "vitest";
import { measureSearchGrowth } from "./index";

it("measures every kind of search at two sizes, and the other lists at two table sizes", async () => {
  const results = await measureSearchGrowth({
    sizes: [1_000, 3_000],
    listSizes: [2_000, 6_000],
    requests: 5,
    baselineRequests: 2,
    concurrency: 2,
    secondsPerKind: 2,
    seed: 7,
  });
  expect(results.sizes.map((size) => size.people)).toEqual([1_000, 3_000]);
  for (const size of results.sizes) {
    expect(size.kinds).toHaveLength(11);
    for (const kind of size.kinds) {
      expect(kind.gateway.errors, kind.kind).toBe(0);
      expect(kind.rowsRead, kind.kind).toBeLessThanOrEqual(10 * Math.max(kind.returned, 1));
    }
    expect(size.kinds.find((kind) => kind.kind === "no match")?.returned).toBe(0);
    expect(size.kinds.find((kind) => kind.kind === "common")?.baseline?.rowsRead).toBeGreaterThan(size.people);
  }
  const [small, large] = results.lists;
  for (const list of ["wallet ledger, page 10", "moderation queue, published, page 20", "friends, page 3"]) {
    const at = (size: typeof small) => size!.lists.find((entry) => entry.list === list)!;
    expect(at(small).returned, list).toBeGreaterThan(0);
    expect(at(large).rowsRead, list).toBeLessThanOrEqual(2 * (at(large).returned + 1));
  }
}, 300_000);
