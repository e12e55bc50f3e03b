// Vitest setup (every test file): a test whose requests got answers outside openapi.json fails,
// whatever it asserted itself. load.ts collects them (GOGH_CHECK_RESPONSES=1, vitest.config.ts).
import { afterAll, afterEach } from "vitest";

const violationsKey = Symbol.for("gogh.contractViolations");

function failOnViolations(): void {
  const store = globalThis as { [violationsKey]?: string[] };
  const violations = store[violationsKey]?.splice(0) ?? [];
  if (violations.length > 0) throw new Error(`Answers outside openapi.json:\n${violations.join("\n")}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
