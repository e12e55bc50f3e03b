import { describe, expect, it, vi } from "vitest";
import type { Deprecation } from "./spec";

const deprecation: Deprecation = {
  since: "2026-12-01",
  sunset: "2027-03-01",
  link: "https://docs.example.test/changelog",
};

// The profile routes as they would read with GET /v1/me on its way out; everything else as it is.
vi.mock("./profile/routes", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./profile/routes")>();
  const me = actual.profileRoutes["GET /v1/me"];
  return { ...actual, profileRoutes: { ...actual.profileRoutes, "GET /v1/me": { ...me, deprecated: deprecation } } };
});

// Its answers are held to the document of this table, as `pnpm openapi` would write it.
vi.mock("./openapi-file", async (importOriginal) => {
  const { openApiDocument } = await import("./openapi");
  return { ...(await importOriginal<typeof import("./openapi-file")>()), committedDocument: () => openApiDocument() };
});

const { call, newCaller } = await import("./testing");

describe("a deprecated route", () => {
  it("still answers, with Deprecation, Sunset and Link headers", async () => {
    const caller = await newCaller();
    const response = await call("GET /v1/me", { token: caller.accessToken });
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      deprecation: "@1796083200",
      sunset: "Mon, 01 Mar 2027 00:00:00 GMT",
      link: `<${deprecation.link}>; rel="deprecation"; type="text/html"`,
    });
  });

  it("sends them on errors too", async () => {
    const response = await call("GET /v1/me");
    expect(response.status).toBe(401);
    expect(response.headers.sunset).toBe("Mon, 01 Mar 2027 00:00:00 GMT");
  });

  it("leaves the other routes without them", async () => {
    const caller = await newCaller();
    const response = await call("GET /v1/users/{friendId}", {
      token: caller.accessToken,
      path: { friendId: caller.friendId },
    });
    expect(response.headers.deprecation).toBeUndefined();
  });
});
