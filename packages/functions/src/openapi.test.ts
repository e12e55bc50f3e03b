import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { documentFile, documentText, openApiDocument } from "./openapi";
import { routes } from "./routes";
import { splitKey, type RouteSpec } from "./spec";

type Document = {
  paths: Record<string, Record<string, { deprecated?: boolean; security?: unknown[]; responses: Record<string, any> }>>;
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
      expect(operation.responses["500"].content["application/json"].schema, key).toEqual({
        $ref: "#/components/schemas/Error",
      });
    }
  });

  it("marks a deprecated route's operation deprecated", () => {
    const deprecated: RouteSpec = {
      ...routes["GET /v1/me"],
      deprecated: { since: "2026-12-01", sunset: "2027-03-01" },
    };
    const document = openApiDocument({ ...routes, "GET /v1/me": deprecated }) as Document;
    expect(document.paths["/v1/me"]!.get!.deprecated).toBe(true);
    expect((openApiDocument() as Document).paths["/v1/me"]!.get!.deprecated).toBeUndefined();
  });

  it("shows what the API answers to an invalid request", () => {
    const document = openApiDocument() as Document;
    const refused = document.paths["/v1/users/search"]!.get!.responses["400"].content["application/json"].example;
    expect(refused).toEqual({
      error: {
        code: "validation_failed",
        message: "The request is not valid.",
        details: [
          { path: "query.q", message: "Type at least one character." },
          { path: "query.limit", message: "At most 50." },
        ],
      },
    });
  });
});
