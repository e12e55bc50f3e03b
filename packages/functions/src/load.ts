import type { ApiHandler } from "./event";
import { type RouteName, routes } from "./routes";

const loaded = new Map<RouteName, Promise<ApiHandler>>();

/**
 * The handler module the table names for a route, loaded once (local gateway and tests). With
 * GOGH_CHECK_RESPONSES=1 (the tests, `pnpm dev`) every response it gives is checked against
 * openapi.json.
 */
export function loadHandler(name: RouteName): Promise<ApiHandler> {
  let handler = loaded.get(name);
  if (!handler) {
    const file = new URL(`./${routes[name].handler}.ts`, import.meta.url).href;
    handler = import(file).then((module: { handler: ApiHandler }) =>
      process.env.GOGH_CHECK_RESPONSES === "1" ? checkedAgainstDocument(name, module.handler) : module.handler,
    );
    loaded.set(name, handler);
  }
  return handler;
}

async function checkedAgainstDocument(name: RouteName, handler: ApiHandler): Promise<ApiHandler> {
  const { contractProblems, violationsKey } = await import("./contract");
  return async (event) => {
    const result = await handler(event);
    const problems = contractProblems(name, result);
    if (problems.length > 0) {
      // The test that made the request fails (test/contract-setup.ts); `pnpm dev` says so on stderr.
      const store = globalThis as { [violationsKey]?: string[] };
      (store[violationsKey] ??= []).push(...problems);
      process.stderr.write(`openapi.json contract: ${problems.join(" ")}\n`);
    }
    return result;
  };
}
