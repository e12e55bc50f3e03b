import { readFileSync } from "node:fs";

/** The committed OpenAPI document, at the repository root where client generators look for it. */
export const documentFile = new URL("../../../openapi.json", import.meta.url);

/** The committed document, parsed: what the contract check holds responses to. */
export function committedDocument(): unknown {
  return JSON.parse(readFileSync(documentFile, "utf8"));
}
