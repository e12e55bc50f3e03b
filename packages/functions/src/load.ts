import type { ApiHandler } from "./event";
import { type RouteName, routes } from "./routes";

const loaded = new Map<RouteName, Promise<ApiHandler>>();

/** The handler module the table names for a route, loaded once (local gateway and tests). */
export function loadHandler(name: RouteName): Promise<ApiHandler> {
  let handler = loaded.get(name);
  if (!handler) {
    const file = new URL(`./${routes[name].handler}.ts`, import.meta.url).href;
    handler = import(file).then((module: { handler: ApiHandler }) => module.handler);
    loaded.set(name, handler);
  }
  return handler;
}
