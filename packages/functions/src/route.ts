import * as z from "zod/mini";
import { controlInMemory, enforce as enforceAppControl } from "@gogh/core/app/control";
import { ClientHeaders } from "@gogh/core/app/schema";
import { type AccessClaims, verifyAccessToken } from "@gogh/core/auth";
import { requestBudgetMs, withDeadline } from "@gogh/core/deadline";
import { together } from "@gogh/core/together";
import {
  AppError,
  type ErrorDetail,
  Invalid,
  PreconditionRequired,
  TooLarge,
  Unauthorized,
  UnsupportedMediaType,
} from "@gogh/core/error";
import { invalidInput, issueDetails } from "@gogh/core/fn";
import { describeError, log } from "@gogh/core/log";
import { trackUsage } from "@gogh/core/usage";
import type { ApiEvent, ApiHandler, ApiResult } from "./event";
import { requestMetrics } from "./metrics";
import { defaults, isRead, requiresHeader, type RouteSpec } from "./spec";

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type In<S> = S extends z.ZodMiniType ? z.input<S> : undefined;

export interface User {
  id: string;
  sessionId: string;
}

/** A part of the route table: one module's routes. */
type Table = Record<string, RouteSpec>;

export interface Request<T extends Table, K extends keyof T> {
  user: T[K]["auth"] extends "user" ? User : User | undefined;
  body: Out<T[K] extends { body: infer S } ? S : undefined>;
  query: Out<T[K] extends { query: infer S } ? S : undefined>;
  path: Out<T[K] extends { path: infer S } ? S : undefined>;
  headers: Record<string, string | undefined> & Out<T[K] extends { headers: infer S } ? S : undefined>;
  requestId: string;
  /** The client's address as API Gateway saw it (per-address limits). */
  sourceIp: string;
}

export interface Reply<T extends Table, K extends keyof T> {
  status?: number;
  body?: In<T[K] extends { response: infer S } ? S : undefined>;
  headers?: Record<string, string>;
}

let coldStart = true;

/**
 * The `route()` of one module's handlers (`<module>/route.ts`). It knows only that module's part
 * of the table, so a Lambda loads its own module's schemas and no other's.
 */
export function routeOf<T extends Table>(table: T) {
  return <K extends keyof T & string>(name: K, impl: (request: Request<T, K>) => Promise<Reply<T, K>>) =>
    route(name, table[name]!, impl as (request: Request<Table, string>) => Promise<Reply<Table, string>>);
}

/**
 * The one wrapper every handler goes through: app control, auth, input parsing with the route's
 * zod schemas, the uniform error shape, and one structured log line per request.
 */
function route(
  name: string,
  spec: RouteSpec,
  impl: (request: Request<Table, string>) => Promise<Reply<Table, string>>,
): ApiHandler {
  const timeoutSeconds = spec.timeout ?? defaults.timeout;
  const reads = isRead(name);
  return async (event) => {
    const started = performance.now();
    const requestId = event.requestContext.requestId;
    const wasCold = coldStart;
    coldStart = false;
    let user: User | undefined;
    // Every call to the database and S3 in this request gives up in time to answer before the Lambda's timeout.
    const { usage, result } = trackUsage(() =>
      withDeadline(requestBudgetMs(timeoutSeconds), async () => {
        const client = parseClientHeaders(event);
        const controlled = spec.exemptFromAppControl ? undefined : enforceAppControl(client);
        // A read does not wait for the settings when they must come from the cache (a cold
        // Lambda's first request, then every 15 s): it runs meanwhile, and they still decide
        // first. Writes, and reads whose settings are in memory, wait as before.
        if (controlled && (!reads || controlInMemory())) await controlled;
        const answering = (async () => {
          user = await authenticate(spec, event.headers.authorization);
          const input = parseInput(spec, event);
          const reply = await impl({
            ...input,
            user,
            headers: { ...event.headers, ...input.headers },
            requestId,
            sourceIp: event.requestContext.http.sourceIp,
          } as Request<Table, string>);
          return respond(spec, reply, requestId);
        })();
        return controlled ? (await together(controlled, answering))[1] : answering;
      }),
    );
    let response: ApiResult;
    let failure: unknown;
    try {
      response = await result;
    } catch (error) {
      failure = error;
      response = errorResponse(error, requestId);
    }
    const errorCode = failure instanceof AppError ? failure.code : failure === undefined ? undefined : "internal";
    const fields = {
      requestId,
      route: name,
      status: response.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: user?.id,
      dbQueries: usage.dbQueries,
      cacheCalls: usage.cacheCalls,
      cacheOps: usage.cacheOps,
      cacheThrottled: usage.cacheThrottled,
      storageOps: usage.storageOps,
      coldStart: wasCold,
      ...(errorCode ? { errorCode } : {}),
    };
    const line = { ...fields, ...requestMetrics(fields) };
    if (response.statusCode >= 500) log("error", "request failed", { ...line, ...describeError(failure) });
    else log("info", "request", line);
    return response;
  };
}

async function authenticate(spec: RouteSpec, header: string | undefined): Promise<User | undefined> {
  if (spec.auth === "none") return undefined;
  if (!header) {
    if (spec.auth === "user") throw new Unauthorized();
    return undefined;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new Unauthorized("Send the access token as 'Authorization: Bearer <token>'.", "invalid_token");
  const claims: AccessClaims = await verifyAccessToken(match[1]!);
  return { id: claims.userId, sessionId: claims.sessionId };
}

/** X-Client-Platform and X-Client-Version, on every route: checked before app control judges them. */
function parseClientHeaders(event: ApiEvent): ClientHeaders {
  const parsed = z.safeParse(ClientHeaders, event.headers);
  if (!parsed.success) throw invalidInput(issueDetails(parsed.error.issues, "headers"));
  return parsed.data;
}

/** Exported for the OpenAPI document, which shows what it answers to the invalid examples. */
export function parseInput(spec: RouteSpec, event: ApiEvent) {
  const details: ErrorDetail[] = [];
  const parsePart = (schema: z.ZodMiniType | undefined, value: unknown, where: string) => {
    if (!schema) return undefined;
    const parsed = z.safeParse(schema, value);
    if (parsed.success) return parsed.data;
    details.push(...issueDetails(parsed.error.issues, where));
    return undefined;
  };
  const path = parsePart(spec.path, event.pathParameters ?? {}, "path");
  const query = parsePart(spec.query, event.queryStringParameters ?? {}, "query");
  const headers = parsePart(spec.headers, event.headers, "headers") as Record<string, string> | undefined;
  const body = parsePart(spec.body, readBody(spec, event), "body");
  // A save that must name the version it replaces (If-Match) and names none: 428, not 400 (RFC 6585).
  if (requiresHeader(spec, "if-match") && event.headers["if-match"] === undefined) throw new PreconditionRequired();
  if (details.length > 0) throw invalidInput(details);
  return { path, query, headers, body };
}

function readBody(spec: RouteSpec, event: ApiEvent): unknown {
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  const limit = spec.maxBodyBytes ?? defaults.maxBodyBytes;
  if (bytes.length > limit) throw new TooLarge(limit);
  if (!spec.body) return undefined;
  const text = bytes.toString("utf8");
  // A route whose fields are all optional can be called without a body.
  if (text.trim() === "") return {};
  const type = event.headers["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) throw new UnsupportedMediaType();
  try {
    return JSON.parse(text);
  } catch {
    throw new Invalid("The body is not valid JSON.", undefined, "invalid_json");
  }
}

const jsonType = { "content-type": "application/json; charset=utf-8" };
const baseHeaders = { ...jsonType, "cache-control": "no-store" };

/** A page runs no script and loads nothing; its styles are its own, inline. */
const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "public, max-age=3600",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

function respond(spec: RouteSpec, reply: Reply<Table, string>, requestId: string): ApiResult {
  if (spec.html) {
    const headers = { ...pageHeaders, ...reply.headers, "x-request-id": requestId };
    return { statusCode: reply.status ?? 200, headers, body: String(reply.body ?? "") };
  }
  const headers = { "cache-control": "no-store", ...reply.headers, "x-request-id": requestId };
  // No body, no content type (as API Gateway answers a 204).
  if (reply.body === undefined) return { statusCode: reply.status ?? 204, headers, body: "" };
  Object.assign(headers, jsonType);
  // Tests and the local stack check every response against the table, so the contract cannot drift.
  if (process.env.GOGH_CHECK_RESPONSES === "1" && spec.response) z.parse(spec.response, reply.body);
  return { statusCode: reply.status ?? spec.status ?? 200, headers, body: JSON.stringify(reply.body) };
}

function errorResponse(error: unknown, requestId: string): ApiResult {
  const known = error instanceof AppError ? error : undefined;
  const headers: Record<string, string> = { ...baseHeaders, "x-request-id": requestId };
  if (known?.retryAfter !== undefined) headers["retry-after"] = String(known.retryAfter);
  if (known?.status === 401) headers["www-authenticate"] = 'Bearer realm="gogh"';
  const body = known
    ? {
        error: {
          code: known.code,
          message: known.message,
          ...(known.details ? { details: known.details } : {}),
          ...known.fields,
        },
      }
    : { error: { code: "internal", message: `Something went wrong on our side (request ${requestId}).` } };
  return { statusCode: known?.status ?? 500, headers, body: JSON.stringify(body) };
}
