// `pnpm openapi`: writes the OpenAPI document of the route table to openapi.json (commit it).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { documentText } from "./openapi";
import { documentFile } from "./openapi-file";

writeFileSync(documentFile, documentText());
process.stdout.write(`Wrote ${fileURLToPath(documentFile)}\n`);
