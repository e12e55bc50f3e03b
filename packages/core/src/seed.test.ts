import { describe, expect, it } from "vitest";
import { rowCounts } from "./db/testing";
import { db } from "./db";
import { seed, seedSteps } from "./seed";
import { publicSpaces } from "./space/seed";

describe("seed", () => {
  it("adds nothing the second time: every step is idempotent", async () => {
    await seed(db());
    const counts = await rowCounts();
    const again = await seed(db());
    expect(again).toEqual(seedSteps.map((step) => ({ name: step.name, added: 0 })));
    expect(await rowCounts()).toEqual(counts);
  });

  it("puts back a missing public space and leaves an edited one as it is", async () => {
    const [first, second] = publicSpaces;
    await db().deleteFrom("spaces").where("id", "=", first!.id).execute();
    await db().updateTable("spaces").set({ name: "Renamed by an operator" }).where("id", "=", second!.id).execute();
    expect(await seed(db())).toContainEqual({ name: "spaces", added: 1 });
    const rows = await db()
      .selectFrom("spaces")
      .select(["id", "name"])
      .where("id", "in", [first!.id, second!.id])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: first!.id, name: first!.name },
      { id: second!.id, name: "Renamed by an operator" },
    ]);
  });
});
