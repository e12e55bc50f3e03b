import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin } from "@gogh/admin/local";
import { type Gateway, type Served, startGateway } from "./gateway";
import { acceptRawUtf8Targets, RequestLineEncoder } from "./gateway-request-target";

let gateway: Gateway;
const served: Served[] = [];

beforeAll(async () => {
  gateway = await startGateway({ onServed: (line) => served.push(line) });
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

  it("takes raw UTF-8 in the query and the path, as API Gateway does (curl sends it unencoded)", async () => {
    const named = await json(await request("/v1/auth/signup", { method: "POST" }));
    const searching = await json(await request("/v1/auth/signup", { method: "POST" }));
    const auth = (tokens: { accessToken: string }) => `Authorization: Bearer ${tokens.accessToken}\r\n`;
    const body = JSON.stringify({ name: "さくら 生" });
    // One connection, kept alive: a body with UTF-8 (framed by Content-Length), then raw UTF-8 queries.
    const answers = await raw([
      `PATCH /v1/me HTTP/1.1\r\nHost: x\r\n${auth(named)}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      `GET /v1/users/search?q=さくら HTTP/1.1\r\nHost: x\r\n${auth(searching)}\r\n`,
      `GET /v1/users/search?q=ら生&limit=50 HTTP/1.1\r\nHost: x\r\n${auth(searching)}Connection: close\r\n\r\n`,
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(JSON.parse(answers[0]!.body).name).toBe("さくら 生");
    for (const answer of answers.slice(1))
      expect(JSON.parse(answer.body).items.map((item: { name: string }) => item.name)).toContain("さくら 生");
    expect(served.map((line) => line.target)).toEqual(expect.arrayContaining(["/v1/users/search?q=さくら"]));
    const path = await raw(`GET /v1/users/さくら HTTP/1.1\r\nHost: x\r\n${auth(searching)}Connection: close\r\n\r\n`);
    expect(path.map((answer) => answer.status)).toEqual([400]);
    expect(JSON.parse(path[0]!.body).error.details[0].path).toBe("path.friendId");
  });

  it("passes a chunked body with UTF-8 untouched", async () => {
    const { accessToken } = await json(await request("/v1/auth/signup", { method: "POST" }));
    const body = Buffer.from(JSON.stringify({ bio: "チャンク?q=é" }));
    const chunks = [body.subarray(0, 7), body.subarray(7)].map((part) => `${part.length.toString(16)}\r\n${part}\r\n`);
    const answers = await raw([
      `PATCH /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${accessToken}\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${chunks.join("")}0\r\n\r\n`,
      `GET /v1/me?x=ü HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${accessToken}\r\nConnection: close\r\n\r\n`,
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(JSON.parse(answers[1]!.body).bio).toBe("チャンク?q=é");
  });

  it("answers a 204 without a body or a content type", async () => {
    const { accessToken } = await json(await request("/v1/auth/signup", { method: "POST" }));
    const response = await request("/v1/auth/signout", {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("content-type")).toBeNull();
    expect(await response.text()).toBe("");
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

describe("CORS, as infra/api.ts configures API Gateway", () => {
  it("answers a preflight with the allowed methods and headers, and exposes the response headers", async () => {
    const preflight = await request("/v1/me/rooms/01JZ8Q4T5V6W7X8Y9Z0A1B2C3D", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization,if-match,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("content-type")).toBeNull();
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")?.split(",")).toEqual(
      expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    );
    expect(preflight.headers.get("access-control-allow-headers")?.split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "if-match", "idempotency-key", "x-client-version"]),
    );
    expect(preflight.headers.get("access-control-max-age")).toBe("86400");
    const answer = await request("/v1/app/config", { headers: { origin: "https://app.example" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-expose-headers")?.split(",")).toEqual(
      expect.arrayContaining(["etag", "retry-after", "x-request-id", "idempotent-replayed"]),
    );
    expect((await request("/v1/app/config")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers only the origins a stage lists", async () => {
    const listed = await startGateway({ corsOrigins: ["https://app.example"] });
    try {
      const ask = (origin: string) =>
        fetch(`${listed.url}/v1/me`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "GET" },
        });
      expect((await ask("https://app.example")).headers.get("access-control-allow-origin")).toBe("https://app.example");
      const other = await ask("https://elsewhere.example");
      expect(other.status).toBe(204);
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      expect(other.headers.get("access-control-allow-methods")).toBeNull();
    } finally {
      await listed.close();
    }
  });
});

describe("raw UTF-8 request lines", () => {
  it("are percent-encoded however the bytes arrive, and bodies pass as they came", () => {
    const body = '{"q":"さくら"}';
    const stream = Buffer.from(
      `POST /a?q=さくら HTTP/1.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
        "GET /b?q=é HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\né?\r\n0\r\nX-Trailer: ü\r\n\r\n" +
        "GET /c HTTP/1.1\r\n\r\n",
    );
    const expected = Buffer.from(
      `POST /a?q=%E3%81%95%E3%81%8F%E3%82%89 HTTP/1.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
        "GET /b?q=%C3%A9 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\né?\r\n0\r\nX-Trailer: ü\r\n\r\n" +
        "GET /c HTTP/1.1\r\n\r\n",
    );
    for (const size of [1, 2, 5, 64, stream.length]) {
      const encoder = new RequestLineEncoder();
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) out.push(encoder.transform(stream.subarray(at, at + size)));
      expect(Buffer.concat(out).toString("utf8"), `in pieces of ${size}`).toBe(expected.toString("utf8"));
    }
  });

  it("reach the admin console too: /users?q=さくら is not a 400", async () => {
    const admin = await startAdmin({ prepare: acceptRawUtf8Targets });
    try {
      const [answer] = await raw("GET /users?q=さくら HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", admin.url);
      // Signed out: the console sends the browser to its login page.
      expect(answer!.status).toBe(303);
    } finally {
      await admin.close();
    }
  });
});

/**
 * Sends raw requests over one connection, each after the answer to the one before (as curl or a
 * client library would; the last one says `Connection: close`), and gives the answers.
 */
async function raw(requests: string | string[], base = gateway.url): Promise<{ status: number; body: string }[]> {
  const queue = typeof requests === "string" ? [requests] : [...requests];
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const answers: { status: number; body: string }[] = [];
    let received = Buffer.alloc(0);
    const socket = connect(Number(port), hostname, () => socket.write(Buffer.from(queue.shift()!, "utf8")));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (let answer = takeAnswer(); answer; answer = takeAnswer()) {
        answers.push(answer);
        if (queue.length > 0) socket.write(Buffer.from(queue.shift()!, "utf8"));
      }
    });
    socket.on("end", () => resolve(answers));
    socket.on("error", reject);

    /** The first whole answer in what was received, cut from it; undefined until one is whole. */
    function takeAnswer(): { status: number; body: string } | undefined {
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd < 0) return undefined;
      const head = received.subarray(0, headEnd).toString("latin1");
      let at = headEnd + 4;
      const parts: Buffer[] = [];
      if (/transfer-encoding: chunked/i.test(head)) {
        for (;;) {
          const lineEnd = received.indexOf("\r\n", at);
          if (lineEnd < 0) return undefined;
          const size = Number.parseInt(received.subarray(at, lineEnd).toString("latin1"), 16);
          if (received.length < lineEnd + 2 + size + 2) return undefined;
          parts.push(received.subarray(lineEnd + 2, lineEnd + 2 + size));
          at = lineEnd + 2 + size + 2;
          if (size === 0) break;
        }
      } else {
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (received.length < at + length) return undefined;
        parts.push(received.subarray(at, at + length));
        at += length;
      }
      received = received.subarray(at);
      return { status: Number(head.split(" ")[1]), body: Buffer.concat(parts).toString("utf8") };
    }
  });
}

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
