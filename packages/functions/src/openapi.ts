import * as z from "zod/mini";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { ClientHeaders } from "@gogh/core/app/schema";
import { AppError } from "@gogh/core/error";
import { routeEvent } from "./event";
import type { Caller, Example, ExampleRequest } from "./example";
import { examples } from "./examples";
import { type ErrorCode, errorCodes, retryStatuses } from "./errors";
import { errorsByStatus } from "./route-errors";
import {
  authenticateHeader,
  everyResponseHeaders,
  pageHeaders,
  type HeaderSpec,
  retryAfterHeader,
  successHeaders,
} from "./response-headers";
import { parseInput } from "./route";
import { type RouteName, routes } from "./routes";
import { type RouteSpec, splitKey } from "./spec";

/**
 * The OpenAPI 3.1 document of the route table, generated, never written by hand: schemas from
 * the table's zod schemas (zod-openapi), examples from examples.ts, error bodies from what
 * route() answers. `pnpm openapi` writes it to openapi.json; a test fails when that file is stale.
 */

export function documentText(table: Record<string, RouteSpec> = routes): string {
  return `${JSON.stringify(openApiDocument(table), null, 2)}\n`;
}

// zod-openapi builds classic zod schemas, whose first one installs English messages for every
// schema unless a locale is set; the Lambdas run zod/mini without one (fn.ts words the messages),
// so this sets an empty one and the error examples read exactly as the API answers.
z.config({ localeError: () => undefined });

/** Bumped with every entry in CHANGELOG.md; the major version is the path prefix (`/v1`). */
export const apiVersion = "1.0.0";

/** Fields some errors carry besides code, message and details (412's currentVersion), from the catalog. */
const errorFields = Object.fromEntries(
  Object.entries(errorCodes as Record<string, { fields?: Record<string, z.ZodMiniType> }>).flatMap(([code, spec]) =>
    Object.entries(spec.fields ?? {}).map(([name, schema]) => [
      name,
      z.optional(schema).register(z.globalRegistry, { description: `With \`${code}\` only.` }),
    ]),
  ),
);

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
      ...errorFields,
    }),
  })
  .register(z.globalRegistry, {
    id: "Error",
    description: "Every error response has this shape; each response lists the codes it may carry.",
  });

/** Who an example request is made by in the document: fixed values, so the file is stable. */
const documentCaller: Caller = {
  userId: "01JZ8Q4T5V6W7X8Y9Z0A1B2C3D",
  accessToken: "<access token>",
  refreshToken: "<refresh token>",
  friendId: "K7M2XQ9P",
};

const statusNames: Record<number, string> = {
  400: "The request is not valid.",
  401: "No valid token.",
  403: "Not allowed.",
  404: "Not found, or not the caller's to see.",
  409: "Conflicts with the current state.",
  412: "The version named in If-Match is no longer current.",
  413: "The body is too large.",
  415: "The body is not JSON.",
  422: "The uploaded file cannot be used.",
  426: "Update the app.",
  428: "If-Match is required.",
  429: "Too many requests.",
  500: "Something failed on our side.",
  503: "Temporarily unavailable.",
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
        "a breaking change gets a new prefix (see CHANGELOG.md). Each response carries `x-request-id`. Every",
        "operation lists each status and error `code` it can answer. Deployed, API Gateway itself",
        'may also answer before any route runs: 429 `{"message":"Too Many Requests"}` when the',
        'stage\'s request rate is exceeded, 503 or 504 `{"message":...}` when a Lambda cannot run',
        "or times out; retry those after a pause.",
      ].join(" "),
    },
    servers: [{ url: "http://localhost:3000", description: "`pnpm dev` (deployed stages print their URL)" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: ErrorBody as never },
      headers: headerComponents() as never,
    },
    paths,
  });
  for (const [key, spec] of Object.entries(table)) addExamples(document, key, spec);
  shareErrorResponses(document as unknown as { paths: Record<string, Record<string, Operation>>; components: object });
  return document;
}

/**
 * Error answers that many operations give alike (401, 500, 503...) become one entry under
 * components.responses, named by status and codes, that the operations refer to. A 400 stays
 * with its operation, which shows what it answers to its invalid example.
 */
function shareErrorResponses(document: { paths: Record<string, Record<string, Operation>>; components: object }) {
  const uses = new Map<string, number>();
  const each = (visit: (responses: Operation["responses"], status: string, name: string) => void) => {
    for (const methods of Object.values(document.paths))
      for (const { responses } of Object.values(methods))
        for (const [status, response] of Object.entries(responses)) {
          const codes = response.content?.["application/json"]?.schema?.properties?.error?.properties?.code?.enum;
          if (status !== "400" && codes) visit(responses, status, `${status}-${codes.join("-")}`);
        }
  };
  each((_, __, name) => uses.set(name, (uses.get(name) ?? 0) + 1));
  const shared: Record<string, unknown> = {};
  each((responses, status, name) => {
    if (uses.get(name)! < 2) return;
    shared[name] = responses[status];
    responses[status] = { $ref: `#/components/responses/${name}` } as never;
  });
  Object.assign(document.components, { responses: Object.fromEntries(Object.entries(shared).sort()) });
}

function operation(key: string, spec: RouteSpec): ZodOpenApiOperationObject {
  const success = spec.status ?? (spec.response ? 200 : 204);
  const always = everyResponseHeaders;
  return {
    operationId: spec.handler.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: spec.summary,
    tags: [spec.handler.split("/")[0]!],
    security: spec.auth === "user" ? [{ bearer: [] }] : [],
    requestParams: {
      ...(spec.path ? { path: spec.path as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      header: headerSchema(spec) as never,
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
      [success]: {
        description: spec.html ? "A web page." : spec.response ? "Success." : "Success, no body.",
        headers: spec.html
          ? { ...headerRefs({ "x-request-id": everyResponseHeaders["x-request-id"] }), ...inlineHeaders(pageHeaders) }
          : headerRefs(
              always,
              Object.fromEntries((spec.successHeaders ?? []).map((name) => [name, successHeaders[name]])),
            ),
        ...(spec.response
          ? { content: { [spec.html ? "text/html" : "application/json"]: { schema: spec.response } } }
          : {}),
      },
      ...Object.fromEntries(
        [...errorsByStatus(spec)].map(([status, codes]) => [
          status,
          {
            description: [
              statusNames[status]!,
              ...codes.map((code) => `- \`${code}\`: ${errorCodes[code].description}`),
            ].join("\n"),
            headers: headerRefs(
              always,
              retryStatuses.includes(status) ? retryAfterHeader : {},
              status === 401 ? authenticateHeader : {},
            ),
            content: { "application/json": { schema: errorSchema(codes) as never } },
          },
        ]),
      ),
    },
  };
}

/** The Error shape with the codes this response may carry, and the fields every one of them carries required. */
function errorSchema(codes: ErrorCode[]): object {
  // A field is required of an answer when every code it may carry always carries it.
  const fieldSets = codes.map((code) =>
    Object.entries((errorCodes[code] as { fields?: Record<string, z.ZodMiniType> }).fields ?? {})
      .filter(([, schema]) => !z.safeParse(schema, undefined).success)
      .map(([field]) => field),
  );
  const required = fieldSets[0]!.filter((field) => fieldSets.every((fields) => fields.includes(field)));
  return {
    $ref: "#/components/schemas/Error",
    properties: {
      error: {
        properties: { code: { enum: codes } },
        ...(required.length > 0 ? { required: ["code", "message", ...required] } : {}),
      },
    },
  };
}

/** Every response header, declared once under components.headers and referred to by each response. */
const allHeaders: Record<string, HeaderSpec> = {
  ...everyResponseHeaders,
  ...successHeaders,
  ...retryAfterHeader,
  ...authenticateHeader,
};

function headerComponents(): Record<string, object> {
  return inlineHeaders(allHeaders);
}

function inlineHeaders(headers: Record<string, HeaderSpec>): Record<string, object> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, { description, schema }]) => [name, { description, required: true, schema }]),
  );
}

function headerRefs(...groups: Record<string, HeaderSpec>[]): Record<string, object> {
  const names = groups.flatMap((group) => Object.keys(group));
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

/** The route's own headers and the client headers every route checks. */
function headerSchema(spec: RouteSpec): z.ZodMiniType {
  const own = spec.headers as z.ZodMiniObject | undefined;
  return own ? z.extend(own, ClientHeaders.shape) : ClientHeaders;
}

interface Operation {
  parameters?: { in: string; name: string; example?: unknown }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<
    string,
    {
      headers?: Record<string, unknown>;
      content?: Record<
        string,
        { example?: unknown; schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }
      >;
    }
  >;
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
