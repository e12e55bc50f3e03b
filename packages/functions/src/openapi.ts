import * as z from "zod/mini";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { Platform, Version } from "@gogh/core/app/schema";
import { AppError } from "@gogh/core/error";
import { routeEvent } from "./event";
import type { Caller, Example, ExampleRequest } from "./example";
import { examples } from "./examples";
import { parseInput } from "./route";
import { type RouteName, routes } from "./routes";
import { type RouteSpec, splitKey } from "./spec";

/**
 * The OpenAPI 3.1 document of the route table, generated, never written by hand: schemas from
 * the table's zod schemas (zod-openapi), examples from examples.ts, error bodies from what
 * route() answers. `pnpm openapi` writes it to openapi.json; a test fails when that file is stale.
 */

/** The committed document, at the repository root where client generators look for it. */
export const documentFile = new URL("../../../openapi.json", import.meta.url);

export function documentText(table: Record<string, RouteSpec> = routes): string {
  return `${JSON.stringify(openApiDocument(table), null, 2)}\n`;
}

// zod-openapi builds classic zod schemas, whose first one installs English messages for every
// schema unless a locale is set; the Lambdas run zod/mini without one (fn.ts words the messages),
// so this sets an empty one and the error examples read exactly as the API answers.
z.config({ localeError: () => undefined });

/** Bumped with every entry in CHANGELOG.md; the major version is the path prefix (`/v1`). */
export const apiVersion = "1.0.0";

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    }),
  })
  .register(z.globalRegistry, { id: "Error", description: "Every error response has this shape." });

/** What every client may send and the wrapper judges (maintenance, minimum version: packages/core/src/app). */
const ClientHeaders = z.object({
  "x-client-version": z.optional(Version),
  "x-client-platform": z.optional(Platform),
});

/** Who an example request is made by in the document: fixed values, so the file is stable. */
const documentCaller: Caller = {
  userId: "01JZ8Q4T5V6W7X8Y9Z0A1B2C3D",
  accessToken: "<access token>",
  refreshToken: "<refresh token>",
  friendId: "K7M2XQ9P",
};

const errorDescriptions: Record<number, string> = {
  400: "The input is not valid; `details` names each failing field.",
  401: "No valid access token.",
  404: "Not found, or not yours to see.",
  409: "Conflicts with the current state.",
  413: "The body is larger than this route accepts.",
  415: "The body is not JSON.",
  426: "This version of the app is below the minimum for its platform; update it.",
  429: "Too many requests; retry after the `Retry-After` seconds.",
  500: "Something failed on our side; the message carries the request id, nothing else.",
  503: "Temporarily unavailable (maintenance, a dependency down); retry after `Retry-After`.",
};

export function openApiDocument(table: Record<string, RouteSpec> = routes): object {
  const paths: ZodOpenApiPathsObject = {};
  for (const [key, spec] of Object.entries(table)) {
    const { method, path } = splitKey(key);
    paths[path] ??= {};
    paths[path][method.toLowerCase() as "get"] = operation(key, spec);
  }
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Gogh API",
      version: apiVersion,
      description: [
        "The backend of the Gogh focus app. Every path starts with its major version (`/v1`);",
        "a breaking change gets a new prefix and the old routes answer with `Deprecation` and",
        "`Sunset` headers until they are removed. Each response carries `x-request-id`.",
      ].join(" "),
    },
    servers: [{ url: "http://localhost:3000", description: "`pnpm dev` (deployed stages print their URL)" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths,
  });
  for (const [key, spec] of Object.entries(table)) addExamples(document, key, spec);
  return document;
}

function operation(key: string, spec: RouteSpec): ZodOpenApiOperationObject {
  const statuses = [
    ...(spec.path || spec.query || spec.body ? [400] : []),
    ...(spec.auth === "none" ? [] : [401]),
    ...(spec.body ? [413, 415] : []),
    ...(spec.exemptFromAppControl ? [] : [426]),
    ...(spec.rateLimited ? [429] : []),
    500,
    503,
  ];
  const success = spec.status ?? (spec.response ? 200 : 204);
  return {
    operationId: spec.handler.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: spec.summary,
    tags: [spec.handler.split("/")[0]!],
    security: spec.auth === "user" ? [{ bearer: [] }] : spec.auth === "public" ? [{ bearer: [] }, {}] : [],
    ...(spec.deprecated
      ? {
          deprecated: true,
          description: `Deprecated since ${spec.deprecated.since}; removed after ${spec.deprecated.sunset}.`,
        }
      : {}),
    requestParams: {
      ...(spec.path ? { path: spec.path as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(headerSchema(spec) ? { header: headerSchema(spec) as never } : {}),
    },
    ...(spec.body
      ? {
          requestBody: {
            // A route whose fields are all optional takes an empty body (route() reads it as {}).
            required: !z.safeParse(spec.body, {}).success,
            content: { "application/json": { schema: spec.body } },
          },
        }
      : {}),
    responses: {
      [success]: spec.response
        ? {
            description: spec.html ? "A web page." : "Success.",
            content: { [spec.html ? "text/html" : "application/json"]: { schema: spec.response } },
          }
        : { description: "Success, no body." },
      ...Object.fromEntries(
        statuses.map((status) => [
          status,
          { description: errorDescriptions[status]!, content: { "application/json": { schema: ErrorBody } } },
        ]),
      ),
    },
  };
}

/** The route's own headers and, unless it is exempt, the client headers app control reads. */
function headerSchema(spec: RouteSpec): z.ZodMiniType | undefined {
  const own = spec.headers as z.ZodMiniObject | undefined;
  if (spec.exemptFromAppControl) return own;
  return own ? z.extend(own, ClientHeaders.shape) : ClientHeaders;
}

interface Operation {
  parameters?: { in: string; name: string; example?: unknown }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
}

/** Puts the route's examples (a valid request, and what it answers to the invalid one) into its operation. */
function addExamples(document: { paths?: object }, key: string, spec: RouteSpec): void {
  const example: Example | undefined = examples[key as RouteName];
  const { method, path } = splitKey(key);
  const paths = document.paths as Record<string, Record<string, Operation | undefined>> | undefined;
  const target = paths?.[path]?.[method.toLowerCase()];
  if (!example || !target) return;
  const valid = staticRequest(example);
  if (valid) {
    for (const parameter of target.parameters ?? []) {
      const sources = { path: valid.path, query: valid.query, header: valid.headers } as Record<
        string,
        object | undefined
      >;
      const source = sources[parameter.in] as Record<string, unknown> | undefined;
      if (source?.[parameter.name] !== undefined) parameter.example = source[parameter.name];
    }
    const json = target.requestBody?.content["application/json"];
    if (json && valid.body !== undefined && typeof valid.body !== "string") json.example = valid.body;
  }
  const invalid = example.invalid?.(documentCaller);
  const refused = target.responses["400"]?.content?.["application/json"];
  if (invalid && refused) refused.example = answerTo(key as RouteName, spec, invalid);
}

/**
 * The valid request, when the example can be made without data (an example that first creates
 * a friend request returns a promise: its request depends on ids made at run time, so none).
 */
function staticRequest(example: Example): ExampleRequest | undefined {
  if (example.valid.constructor.name === "AsyncFunction") return undefined;
  const request = example.valid(documentCaller);
  if (!(request instanceof Promise)) return request;
  request.catch(() => {});
  return undefined;
}

/** What route() answers to an invalid request: the same parsing, the same error body. */
function answerTo(name: RouteName, spec: RouteSpec, request: ExampleRequest): unknown {
  try {
    parseInput(spec, routeEvent(name, request));
  } catch (error) {
    if (error instanceof AppError) {
      return {
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      };
    }
  }
  return undefined;
}
