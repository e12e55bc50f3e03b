import { mkdir, writeFile } from "node:fs/promises";
import type { ListMeasure } from "./lists";
import type { SearchMeasure } from "./search-run";

export interface SearchResults {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  sizes: { people: number; seedSeconds: number; suffixRows: number; kinds: SearchMeasure[] }[];
  lists: { tableRows: number; lists: ListMeasure[] }[];
}

export async function writeSearchResults(results: SearchResults): Promise<string> {
  const folder = new URL("../../../../bench/results/", import.meta.url);
  await mkdir(folder, { recursive: true });
  const file = new URL("search.json", folder);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file.pathname;
}

const ms = (value: number | undefined) => (value === undefined ? "" : value.toFixed(1));

export function formatSearchResults(results: SearchResults): string {
  const lines: string[] = [];
  for (const size of results.sizes) {
    const rare = size.kinds.find((entry) => entry.kind === "rare name");
    lines.push(
      `${size.people.toLocaleString("en-US")} people (${size.suffixRows.toLocaleString("en-US")} suffix rows; seeded in ${size.seedSeconds} s)`,
      "",
      "| query | page | returned | rows read | per row returned | p50 ms | p99 ms | p99 ÷ rare | `LIKE` scan: rows read | p50 ms | p99 ms |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...size.kinds
        .map((entry) =>
          [
            `${entry.kind} (\`${entry.q}\`)`,
            String(entry.page),
            String(entry.returned),
            String(entry.rowsRead),
            entry.rowsPerRow.toFixed(1),
            ms(entry.gateway.p50Ms),
            ms(entry.gateway.p99Ms),
            rare ? (entry.gateway.p99Ms / rare.gateway.p99Ms).toFixed(2) : "",
            entry.baseline ? entry.baseline.rowsRead.toLocaleString("en-US") : "",
            ms(entry.baseline?.load.p50Ms),
            ms(entry.baseline?.load.p99Ms),
          ].join(" | "),
        )
        .map((row) => `| ${row} |`),
      "",
    );
  }
  if (results.lists.length > 0) {
    const names = results.lists[0]!.lists.map((entry) => entry.list);
    lines.push(
      `Other lists: rows read for one page, tables of ${results.lists.map((size) => size.tableRows.toLocaleString("en-US")).join(" and ")} rows`,
      "",
      `| list | returned | ${results.lists.map((size) => `rows read at ${size.tableRows.toLocaleString("en-US")}`).join(" | ")} | statements |`,
      `| --- | --- | ${results.lists.map(() => "---").join(" | ")} | --- |`,
      ...names.map((name) => {
        const entries = results.lists.map((size) => size.lists.find((entry) => entry.list === name));
        return `| ${name} | ${entries[0]?.returned ?? ""} | ${entries.map((entry) => entry?.rowsRead ?? "").join(" | ")} | ${entries[0]?.statements.length ?? ""} |`;
      }),
      "",
    );
  }
  return lines.join("\n");
}
