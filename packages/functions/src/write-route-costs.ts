// `pnpm route-costs`: writes the table of each route's cost into README.md (commit it).
import { readFileSync, writeFileSync } from "node:fs";
import { format } from "prettier";
import { readmeFile, readmeWithCosts } from "./route-costs";

const text = readmeWithCosts(readFileSync(readmeFile, "utf8"));
writeFileSync(readmeFile, await format(text, { parser: "markdown", printWidth: 120 }));
process.stdout.write("Wrote the route costs into README.md\n");
