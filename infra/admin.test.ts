import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiEvent } from "../packages/functions/src/event";
import { addressFilter, parseAddressList } from "./admin/allow-list";
import { lambdaOf, one } from "./testing/query";
import { stacksFor } from "./testing/scenarios";

/**
 * The admin console as deployed (infra/admin.ts): its function URL has no CORS, its Lambda is
 * a gate that lets only GOGH_ADMIN_ALLOWED_IPS reach the console, and it may touch only the
 * objects moderation moves.
 */
const stacks = stacksFor("productionBare", "productionFull");

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The deployed handler (infra/admin/gate.ts) as Lambda loads it, with the stage's allow-list. */
async function gate(allowList: string) {
  vi.stubEnv("GOGH_ADMIN_ALLOWED_IPS", allowList);
  vi.resetModules();
  return (await import("./admin/gate")).handler;
}

/** A function URL's event (payload 2.0, the shape API Gateway also sends) for the login page. */
const loginPage = (sourceIp: string) =>
  apiEvent({
    method: "GET",
    path: "/login",
    routeKey: "$default",
    headers: { host: "admin.example.test" },
    sourceIp,
  }) as never;

describe("infra/admin.ts", () => {
  it("serves the gate in front of the console, from a function URL without CORS", () => {
    const admin = lambdaOf(stacks.productionBare, "Admin");
    expect(admin.build.handler).toBe("infra/admin/gate.handler");
    const url = one(stacks.productionBare, "aws:lambda/functionUrl:FunctionUrl").inputs;
    expect(url.authorizationType).toBe("NONE");
    expect(url.cors).toBeUndefined();
  });

  it("passes the stage's allow-list to the gate, and none by default", () => {
    expect(lambdaOf(stacks.productionFull, "Admin").lambda.inputs.environment.variables.GOGH_ADMIN_ALLOWED_IPS).toBe(
      "203.0.113.7,198.51.100.0/24,2001:db8::/48",
    );
    expect(lambdaOf(stacks.productionBare, "Admin").lambda.inputs.environment.variables.GOGH_ADMIN_ALLOWED_IPS).toBe(
      "",
    );
  });

  it("may write only published and hidden stickers, delete what an account deletion removes, and is not linked to the signing key", () => {
    const admin = lambdaOf(stacks.productionBare, "Admin");
    expect(admin.links).toEqual(["Cache", "Database", "Storage"]);
    const bucket = "arn:aws:s3:::contentbucket";
    const content = ["stickers/", "hidden/", "avatars/", "rooms/", "pending/"].map((prefix) => `${bucket}/${prefix}*`);
    expect(admin.statements.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [["s3:ListBucket"], [bucket]],
      [["s3:GetObject"], content],
      [["s3:PutObject"], [`${bucket}/stickers/*`, `${bucket}/hidden/*`]],
      [["s3:DeleteObject"], content],
    ]);
  });
});

describe("the gate in front of the console (infra/admin/gate.ts)", () => {
  it("answers 403 to every address when no allow-list is set", async () => {
    const handler = await gate("");
    for (const address of ["203.0.113.7", "127.0.0.1", "2001:db8::1"]) {
      const response = await handler(loginPage(address), {} as never);
      expect(response.statusCode, address).toBe(403);
      expect(response.body).not.toMatch(/<form/);
    }
  });

  it("lets listed addresses and blocks reach the console's login page, and no one else", async () => {
    const handler = await gate("203.0.113.7,198.51.100.0/24,2001:db8::/48");
    for (const address of ["203.0.113.7", "198.51.100.42", "2001:db8::beef"]) {
      const response = await handler(loginPage(address), {} as never);
      expect(response.statusCode, address).toBe(200);
      expect(response.body, address).toMatch(/<form method="post" action="\/login"/);
    }
    for (const address of ["203.0.113.8", "198.51.101.1", "2001:db9::1", "not-an-address"]) {
      expect((await handler(loginPage(address), {} as never)).statusCode, address).toBe(403);
    }
  });

  it("reads the caller's own address, not a header the caller sets", async () => {
    const handler = await gate("203.0.113.7");
    const forged = apiEvent({
      method: "GET",
      path: "/login",
      routeKey: "$default",
      headers: { host: "admin.example.test", "x-forwarded-for": "203.0.113.7" },
      sourceIp: "192.0.2.1",
    }) as never;
    expect((await handler(forged, {} as never)).statusCode).toBe(403);
  });

  it("refuses a malformed allow-list at deploy time, naming the entry", () => {
    expect(parseAddressList(" 203.0.113.7 , 2001:db8::/48 ")).toEqual(["203.0.113.7", "2001:db8::/48"]);
    for (const entry of ["203.0.113.300", "10.0.0.0/33", "example.com", "10.0.0.0/8/1", "2001:db8::/129"]) {
      expect(() => parseAddressList(entry), entry).toThrow(entry);
    }
    expect(addressFilter([])("127.0.0.1")).toBe(false);
  });
});
