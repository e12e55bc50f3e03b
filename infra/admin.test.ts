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
  class Bucket {
    readonly name = "content-bucket";
    readonly arn = "arn:aws:s3:::content-bucket";
    readonly nodes = { bucket: { region: "ap-northeast-1" } };
  }
  class Router {
    readonly url = "https://cdn.example.test";
    routeBucket() {}
  }
  Object.assign(globalThis, {
    $app: { name: "gogh", stage: "test" },
    $dev: false,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) => String.raw(strings, ...values),
    sst: { Secret: Named, Linkable: Named, aws: { Function, Bucket, Router } },
  });
  await import("./admin");
  return declared!;
}

beforeEach(() => vi.resetModules());
afterEach(() => {
  for (const name of ["$app", "$dev", "$interpolate", "sst"]) Reflect.deleteProperty(globalThis, name);
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

  it("links the database, the cache and the content bucket, on the runtime and build the routes use", async () => {
    const { args } = await evaluateAdmin();
    expect(args.link.map((resource: Named) => resource.name).sort()).toEqual(["Cache", "Database", "Storage"]);
    expect(args.permissions.flatMap((permission: { actions: string[] }) => permission.actions).sort()).toEqual([
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    expect(args.runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(args.nodejs).toMatchObject({ format: "esm", minify: true });
  });
});
