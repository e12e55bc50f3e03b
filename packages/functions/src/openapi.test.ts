import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { documentText, openApiDocument } from "./openapi";
import { documentFile } from "./openapi-file";
import { errorsByStatus } from "./route-errors";
import { successStatus } from "./examples";
import { type RouteName, routes } from "./routes";
import { splitKey, type RouteSpec } from "./spec";

type Document = {
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, any> }>>;
};

describe("openapi.json", () => {
  it("is what `pnpm openapi` writes from the route table today (run it and commit the file)", () => {
    expect(readFileSync(documentFile, "utf8")).toBe(documentText());
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    await expect(SwaggerParser.validate(structuredClone(openApiDocument()) as never)).resolves.toBeDefined();
  });

  it("has one operation per route, bearer auth on user routes and the shared error shape", () => {
    const document = openApiDocument() as Document;
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(Object.keys(routes).sort());
    for (const [key, spec] of Object.entries(routes) as [string, RouteSpec][]) {
      const { method, path } = splitKey(key);
      const operation = document.paths[path]![method.toLowerCase()]!;
      if (spec.auth === "user") expect(operation.security, key).toEqual([{ bearer: [] }]);
    }
  });

  it("lists, for every route, each status and error code it can answer, in the error shape", () => {
    const document = openApiDocument() as unknown as OpenApi;
    for (const [key, spec] of Object.entries(routes) as [RouteName, RouteSpec][]) {
      const responses = responsesOf(document, key);
      const errors = errorsByStatus(spec);
      expect(Object.keys(responses).map(Number).sort(), key).toEqual([successStatus(key), ...errors.keys()].sort());
      for (const [status, codes] of errors) {
        const schema = responses[status]!.content!["application/json"]!.schema!;
        expect(schema.$ref, `${key} ${status}`).toBe("#/components/schemas/Error");
        expect(schema.properties!.error!.properties!.code!.enum, `${key} ${status}`).toEqual(codes);
        for (const code of codes) expect(responses[status]!.description, key).toContain(`\`${code}\``);
      }
      expect(errors.get(500), key).toEqual(["internal"]);
      // A route may add its own 401 (a bad identity token) to those of the access token.
      if (spec.auth === "user")
        expect(errors.get(401), key).toEqual(expect.arrayContaining(["unauthorized", "invalid_token"]));
    }
    expect([...errorsByStatus(routes["POST /v1/items/{id}/purchase"]).get(409)!]).toEqual([
      "not_for_sale",
      "not_available",
      "already_owned",
      "insufficient_funds",
      "idempotency_key_reused",
      "purchase_in_progress",
    ]);
  });

  it("gives the 412 its currentVersion, Retry-After to 429 and 503, and declares every response header", () => {
    const document = openApiDocument() as unknown as OpenApi;
    const headersOf = (key: RouteName, status: number) => Object.keys(responsesOf(document, key)[status]!.headers!);
    const stale = responsesOf(document, "PUT /v1/me/rooms/{roomId}")[412]!.content!["application/json"]!.schema!;
    expect(stale.properties!.error!.required).toEqual(["code", "message", "currentVersion"]);
    expect(document.components.schemas.Error!.properties!.error!.properties!.currentVersion).toMatchObject({
      type: "integer",
    });
    for (const key of Object.keys(routes) as RouteName[]) {
      expect(headersOf(key, successStatus(key)), key).toEqual(
        expect.arrayContaining(["x-request-id", "cache-control"]),
      );
      expect(headersOf(key, 503), key).toContain("retry-after");
      expect(headersOf(key, 500), key).not.toContain("retry-after");
    }
    expect(headersOf("POST /v1/stickers/uploads", 429)).toContain("retry-after");
    expect(headersOf("GET /v1/me", 401)).toContain("www-authenticate");
    for (const key of [
      "GET /v1/me/avatar",
      "PUT /v1/me/avatar",
      "POST /v1/me/rooms",
      "GET /v1/me/rooms/{roomId}",
    ] as const)
      expect(headersOf(key, successStatus(key)), key).toContain("etag");
    expect(headersOf("POST /v1/items/{id}/purchase", 201)).toContain("idempotent-replayed");
    for (const name of Object.keys(document.components.headers))
      expect(document.components.headers[name]!.required, name).toBe(true);
  });

  it("shows what the API answers to an invalid request", () => {
    const document = openApiDocument() as Document;
    const refused = document.paths["/v1/users/search"]!.get!.responses["400"].content["application/json"].example;
    expect(refused).toEqual({
      error: {
        code: "validation_failed",
        message: "The request is not valid.",
        details: [
          { path: "query.q", message: "A search needs at least one character." },
          { path: "query.limit", message: "At most 50." },
        ],
      },
    });
  });

  it("bounds every string a request may carry: a pattern, an enum or a format, free text included", () => {
    const document = openApiDocument() as OpenApi;
    const unbounded: string[] = [];
    const walk = (schema: JsonSchema | undefined, where: string): void => {
      if (!schema) return;
      if (schema.$ref) return walk(document.components.schemas[schema.$ref.split("/").pop()!], where);
      if (schema.type === "string" && !schema.pattern && !schema.enum && schema.const === undefined && !schema.format)
        unbounded.push(where);
      for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${where}.${name}`);
      for (const option of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) walk(option, where);
      walk(schema.items, `${where}[]`);
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const parameter of operation.parameters ?? [])
          walk(parameter.schema, `${method} ${path} ${parameter.in}.${parameter.name}`);
        walk(operation.requestBody?.content["application/json"]?.schema, `${method} ${path} body`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it("states the limits, conditions and required headers the server enforces", () => {
    const document = openApiDocument() as OpenApi;
    const schemas = document.components.schemas;
    expect(schemas.Name).toMatchObject({
      minLength: 1,
      maxLength: 100,
      "x-gogh-text": { max: 20, counts: "graphemes" },
    });
    expect(schemas.Bio).toMatchObject({ maxLength: 160 });
    expect(schemas.Tag).toMatchObject({ minLength: 1, maxLength: 24 });
    expect(schemas.RoomName).toMatchObject({ minLength: 1, maxLength: 40 });
    expect(schemas.DeviceLabel).toMatchObject({ minLength: 1, maxLength: 64 });
    const start = document.paths["/v1/focus/sessions"]!.post!.requestBody!.content["application/json"]!.schema!;
    expect(start.oneOf).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ mode: { type: "string", enum: ["pomodoro", "countdown"] } }),
        required: ["mode", "plannedMinutes"],
      }),
      expect.objectContaining({ required: ["mode"] }),
    ]);
    for (const [path, method] of [
      ["/v1/me/avatar", "put"],
      ["/v1/me/rooms/{roomId}", "put"],
    ] as const) {
      const ifMatch = document.paths[path]![method]!.parameters!.find((parameter) => parameter.name === "if-match");
      expect(ifMatch, path).toMatchObject({ in: "header", required: true });
    }
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const operation of Object.values(methods)) {
        const headers = Object.fromEntries(
          (operation.parameters ?? []).filter((p) => p.in === "header").map((p) => [p.name, p.schema]),
        );
        expect(headers["x-client-platform"], path).toEqual({
          type: "string",
          enum: ["ios", "android", "windows", "macos"],
        });
        expect(headers["x-client-version"], path).toMatchObject({ pattern: "^\\d{1,5}(\\.\\d{1,5}){0,3}$" });
      }
    }
  });
});

interface JsonSchema {
  $ref?: string;
  type?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  required?: string[];
  [keyword: string]: unknown;
}

/** An operation's responses with the shared ones (`$ref`) resolved, by status. */
function responsesOf(document: OpenApi, key: RouteName): Record<number, ResponseObject> {
  const { method, path } = splitKey(key);
  const responses = document.paths[path]![method.toLowerCase()]!.responses!;
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => [
      Number(status),
      response.$ref ? document.components.responses[response.$ref.split("/").pop()!]! : response,
    ]),
  );
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: JsonSchema }>;
}

interface OpenApi {
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { required?: boolean }>;
  };
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, ResponseObject>;
      }
    >
  >;
}
