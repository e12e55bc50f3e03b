// The README's table of what each route costs on a warm Lambda, made from the examples' `cost`
// (which routes.test.ts asserts exactly), so the document cannot drift from what is measured.
import { readFileSync } from "node:fs";
import { examples } from "./examples";
import { type RouteName, routes } from "./routes";

export const readmeFile = new URL("../../../README.md", import.meta.url);
const start = "<!-- route-costs:start -->";
const end = "<!-- route-costs:end -->";

export function routeCostsTable(): string {
  const rows = (Object.keys(routes) as RouteName[]).map((name) => {
    const { queries, cacheOps } = examples[name].cost;
    return `| \`${name}\` | ${queries} | ${cacheOps} |`;
  });
  return [start, "", "| route | queries | Momento operations |", "| --- | --- | --- |", ...rows, "", end].join("\n");
}

/** Table padding aside (prettier aligns the columns), what a README's text says. */
export function withoutPadding(text: string): string {
  return text.replace(/ +/g, " ").replace(/-{3,}/g, "---");
}

/** The README with its table replaced by today's. */
export function readmeWithCosts(readme = readFileSync(readmeFile, "utf8")): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  return readme.slice(0, from) + routeCostsTable() + readme.slice(to + end.length);
}
