import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { readmeFile, readmeWithCosts, withoutPadding } from "./route-costs";

it("README.md shows every route's cost as the tests assert it (run `pnpm route-costs` and commit)", () => {
  const readme = readFileSync(readmeFile, "utf8");
  expect(withoutPadding(readme)).toBe(withoutPadding(readmeWithCosts(readme)));
});
