// `pnpm openapi`: writes the OpenAPI document of the route table to openapi.json (commit it).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { documentFile, documentText } from "./openapi";

writeFileSync(documentFile, documentText());
process.stdout.write(`Wrote ${fileURLToPath(documentFile)}\n`);
