import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "./gateway";

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway();
});

afterAll(async () => {
  await gateway.close();
});

const request = (path: string, init?: RequestInit) => fetch(`${gateway.url}${path}`, init);
// Response bodies are the API's JSON; the route tests check their shapes against the table.
const json = async (response: Response): Promise<any> => response.json();

describe("local gateway", () => {
  it("serves sign-up then /v1/me with the token, through the real handlers", async () => {
    const signup = await request("/v1/auth/signup", { method: "POST" });
    expect(signup.status).toBe(201);
    const { accessToken, userId } = await json(signup);
    const me = await request("/v1/me", { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await json(me)).toMatchObject({ userId });
  });

  it("prefers a static segment over a parameter, as API Gateway does", async () => {
    const { accessToken } = await json(await request("/v1/auth/signup", { method: "POST" }));
    const search = await request("/v1/users/search?q=guest", { headers: { authorization: `Bearer ${accessToken}` } });
    expect(search.status).toBe(200);
    expect(await json(search)).toHaveProperty("items");
  });

  it("passes URL-encoded path parameters and query strings decoded", async () => {
    const { accessToken } = await json(await request("/v1/auth/signup", { method: "POST" }));
    const headers = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
    const me = await json(
      await request("/v1/me", { method: "PATCH", headers, body: JSON.stringify({ name: "ゲートウェイ" }) }),
    );
    const card = await request(`/v1/users/${encodeURIComponent(me.friendId.toLowerCase())}`, { headers });
    expect(await json(card)).toMatchObject({ name: "ゲートウェイ" });
    const found = await request(`/v1/users/search?q=${encodeURIComponent("げーと")}`, { headers });
    expect((await json(found)).items.map((item: { name: string }) => item.name)).toContain("ゲートウェイ");
  });

  it("answers 404 in the error shape for a route that is not in the table", async () => {
    const response = await request("/v1/nope");
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ error: { code: "route_not_found", message: "No route GET /v1/nope." } });
  });

  it("answers 404 for a known path with a method the table does not list", async () => {
    expect((await request("/v1/me", { method: "PUT" })).status).toBe(404);
  });
});

describe("API documentation", () => {
  it("serves the OpenAPI document with this stack as its server", async () => {
    const response = await request("/openapi.json");
    expect(response.status).toBe(200);
    const document = await json(response);
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: gateway.url, description: "this local stack" }]);
    expect(Object.keys(document.paths)).toContain("/v1/me");
  });

  it("serves a docs page whose scripts and styles come from this server, not a CDN", async () => {
    const page = await (await request("/docs")).text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset, asset).toMatch(/^\/docs\//);
      const response = await request(asset);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
  });
});
