import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiEvent, type ApiResult, apiEvent } from "@gogh/functions/event";
import { loadHandler } from "@gogh/functions/load";
import { matchRoute } from "@gogh/functions/match";
import type { RouteName } from "@gogh/functions/routes";
import { serveDocs } from "./docs";

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
}

const invokeHere = async (route: RouteName, event: ApiEvent) => (await loadHandler(route))(event);

/** Serves the route table over HTTP with API Gateway v2 events, invoking the real handler modules. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const invoke = options.invoke ?? invokeHere;
  const server = createServer((request, response) => {
    serve(request, response, invoke).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: "gateway_error", message: String(error) } }));
    });
  });
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

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  invoke: NonNullable<GatewayOptions["invoke"]>,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  if (method === "GET" && (await serveDocs(url.pathname, request, response))) return;
  const match = matchRoute(method, url.pathname);
  if (!match)
    return reply(response, 404, { error: { code: "route_not_found", message: `No route ${method} ${url.pathname}.` } });
  const body = await readBody(request);
  if (!body) return reply(response, 413, { error: { code: "payload_too_large", message: "Request too large." } });

  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(",") : value;
  }
  const result = await invoke(
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
  response.writeHead(result.statusCode, result.headers);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
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

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
