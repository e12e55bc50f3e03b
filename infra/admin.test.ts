import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/** Evaluates infra/admin.ts with stand-ins for the SST globals, as infra/api.test.ts does for the API. */
const root = fileURLToPath(new URL("..", import.meta.url));

class Named {
  constructor(readonly name: string) {}
  get value() {
    return `secret:${this.name}`;
  }
}

async function evaluateAdmin(): Promise<{ name: string; args: Record<string, any> }> {
  let declared: { name: string; args: Record<string, any> } | undefined;
  class Function {
    readonly url = "https://admin.example.test";
    constructor(name: string, args: Record<string, any>) {
      declared = { name, args };
    }
  }
  Object.assign(globalThis, {
    $app: { name: "gogh", stage: "test" },
    $dev: false,
    sst: { Secret: Named, Linkable: Named, aws: { Function } },
  });
  await import("./admin");
  return declared!;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  for (const name of ["$app", "$dev", "sst"]) Reflect.deleteProperty(globalThis, name);
});

describe("infra/admin.ts", () => {
  it("declares one Lambda with a function URL, whose handler file exports the Hono app's handler", async () => {
    const { name, args } = await evaluateAdmin();
    expect(name).toBe("Admin");
    expect(args.url).toBe(true);
    const match = /^(.+)\.handler$/.exec(args.handler);
    expect(existsSync(`${root}${match![1]}.ts`)).toBe(true);
    const module = (await import(`${root}${match![1]}.ts`)) as { handler?: unknown };
    expect(typeof module.handler).toBe("function");
  });

  it("links only the database and the cache, on the runtime and build the routes use", async () => {
    const { args } = await evaluateAdmin();
    expect(args.link.map((resource: Named) => resource.name).sort()).toEqual(["Cache", "Database"]);
    expect(args.runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(args.nodejs).toMatchObject({ format: "esm", minify: true });
  });
});
