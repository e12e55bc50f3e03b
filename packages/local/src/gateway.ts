import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiEvent, type ApiResult, apiEvent } from "@gogh/functions/event";
import { corsRules } from "@gogh/functions/cors";
import { loadHandler } from "@gogh/functions/load";
import { matchRoute } from "@gogh/functions/match";
import type { RouteName } from "@gogh/functions/routes";
import { serveDocs } from "./docs";
import { acceptRawUtf8Targets } from "./gateway-request-target";

// API Gateway's own payload limit; route() enforces each route's smaller one.
const maxPayloadBytes = 10 * 1024 * 1024;

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  host?: string;
  port?: number;
  /**
   * Runs a route's handler; by default in this process, all routes sharing its memory. The
   * capacity benchmark gives each route a memory of its own instead, as Lambdas have.
   */
  invoke?: (route: RouteName, event: ApiEvent) => Promise<ApiResult>;
  /** Browser origins allowed, as a stage's `corsOrigins` (infra/stage.ts); any, as on a personal stage, by default. */
  corsOrigins?: string[];
  /** Told of each request once answered (the dev console prints a line). */
  onServed?: (served: Served) => void;
}

export interface Served {
  method: string;
  /** The path and query as the client sent them, decoded. */
  target: string;
  status: number;
  milliseconds: number;
  /** The route's request id, when a route answered. */
  requestId?: string;
}

const invokeHere = async (route: RouteName, event: ApiEvent) => (await loadHandler(route))(event);

/** Serves the route table over HTTP with API Gateway v2 events, invoking the real handler modules. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const settings = { invoke: options.invoke ?? invokeHere, corsOrigins: options.corsOrigins ?? ["*"] };
  const server = createServer((request, response) => {
    const started = performance.now();
    serve(request, response, settings)
      .catch((error: unknown) => {
        reply(response, 500, { error: { code: "gateway_error", message: String(error) } });
        return undefined;
      })
      .then((requestId) => {
        options.onServed?.({
          method: request.method ?? "GET",
          target: safelyDecoded(request.url ?? "/"),
          status: response.statusCode,
          milliseconds: performance.now() - started,
          requestId,
        });
      });
  });
  acceptRawUtf8Targets(server);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers one request; gives the route's request id when a route answered. */
async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  settings: { invoke: NonNullable<GatewayOptions["invoke"]>; corsOrigins: string[] },
): Promise<string | undefined> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  const cors = corsHeaders(request.headers.origin, settings.corsOrigins);
  if (method === "OPTIONS" && request.headers.origin !== undefined) {
    // A preflight, answered by the gateway as API Gateway answers it when CORS is configured.
    const allowed = cors["access-control-allow-origin"] === undefined ? {} : preflightHeaders;
    response.writeHead(204, { ...cors, ...allowed });
    response.end();
    return;
  }
  if (method === "GET" && (await serveDocs(url.pathname, request, response))) return;
  const match = matchRoute(method, url.pathname);
  if (!match) {
    const path = safelyDecoded(url.pathname);
    return void reply(
      response,
      404,
      { error: { code: "route_not_found", message: `No route ${method} ${path}.` } },
      cors,
    );
  }
  const body = await readBody(request);
  if (!body)
    return void reply(response, 413, { error: { code: "payload_too_large", message: "Request too large." } }, cors);

  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(",") : value;
  }
  const result = await settings.invoke(
    match.name,
    apiEvent({
      routeKey: match.name,
      method,
      path: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      pathParameters: match.pathParameters,
      body,
      sourceIp: request.socket.remoteAddress,
    }),
  );
  response.writeHead(result.statusCode, { ...result.headers, ...cors });
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
  return result.headers["x-request-id"];
}

const preflightHeaders = {
  "access-control-allow-methods": corsRules.allowMethods.join(","),
  "access-control-allow-headers": corsRules.allowHeaders.join(","),
  "access-control-max-age": String(corsRules.maxAgeSeconds),
};

/** The CORS headers of an answer to `origin`: none for a request without one or from an origin not allowed. */
function corsHeaders(origin: string | undefined, allowed: string[]): Record<string, string> {
  if (origin === undefined) return {};
  if (allowed.includes("*")) return { "access-control-allow-origin": "*", ...exposed };
  if (!allowed.includes(origin)) return {};
  return { "access-control-allow-origin": origin, vary: "origin", ...exposed };
}

const exposed = { "access-control-expose-headers": corsRules.exposeHeaders.join(",") };

function safelyDecoded(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxPayloadBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
