// Momento's HTTP API for scalars (docs.momentohq.com/cache/develop/api-reference/http-api):
// GET, PUT and DELETE on /cache/{cacheName}?key=…|key_base64=…, the token in the
// Authorization header or the `token` query parameter. Same store, meter, limit and faults
// as the gRPC side.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CacheError, invalidArgument, itemTooLarge, type CacheErrorKind } from "./errors";
import type { MomentoFault } from "./faults";
import { admitCall, type Cache } from "./gate";
import { MAX_ITEM_BYTES, MAX_TTL_MS } from "./limits";
import { itemOperations } from "./meter";

const statusOf: Record<CacheErrorKind, number> = {
  invalid_argument: 400,
  failed_precondition: 400,
  unauthenticated: 401,
  cache_not_found: 404,
  // Momento documents 429 for "account limits were exceeded": the rate limit and the item size alike.
  limit_exceeded: 429,
  unimplemented: 501,
  unavailable: 503,
};

const CACHE_PATH = /^\/cache\/([^/]+)$/;

interface Body {
  bytes: Buffer;
  /** The whole body's length; only the first MAX_ITEM_BYTES + 1 bytes are kept. */
  length: number;
}

function readBody(request: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let length = 0;
    request.on("data", (chunk: Buffer) => {
      length += chunk.byteLength;
      if (kept > MAX_ITEM_BYTES) return;
      chunks.push(chunk);
      kept += chunk.byteLength;
    });
    request.on("end", () => resolve({ bytes: Buffer.concat(chunks), length }));
    request.on("error", reject);
  });
}

function cacheNameOf(pathSegment: string): string {
  try {
    return decodeURIComponent(pathSegment);
  } catch {
    throw invalidArgument(`The cache name is not valid URL encoding: ${pathSegment}`);
  }
}

function keyOf(query: URLSearchParams): Buffer {
  const key = query.get("key");
  if (key !== null && key !== "") return Buffer.from(key, "utf8");
  const keyBase64 = query.get("key_base64");
  if (keyBase64 !== null && keyBase64 !== "") return Buffer.from(keyBase64, "base64url");
  throw invalidArgument("A key is required: pass `key` or `key_base64`");
}

function ttlMsOf(query: URLSearchParams): number {
  const ttlSeconds = query.get("ttl_seconds");
  if (ttlSeconds === null) throw invalidArgument("ttl_seconds is required");
  if (!/^\d+$/.test(ttlSeconds) || Number(ttlSeconds) === 0) {
    throw invalidArgument(`ttl_seconds must be a positive integer, got "${ttlSeconds}"`);
  }
  const ttlMs = Number(ttlSeconds) * 1000;
  if (ttlMs > MAX_TTL_MS)
    throw invalidArgument(`ttl_seconds ${ttlSeconds} is over the maximum of ${MAX_TTL_MS / 1000}`);
  return ttlMs;
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) return;
  if (!(error instanceof CacheError)) {
    sendText(response, 500, error instanceof Error ? error.message : String(error));
    return;
  }
  const text = error.limitCause ? `${error.message} (${error.limitCause})` : error.message;
  sendText(response, statusOf[error.kind], text);
}

/**
 * Local-only controls (not Momento's API) so that tests in any package can throttle, break and
 * read this server over HTTP: GET /_local/stats, POST /_local/{reset-stats,clear,limit,fault}.
 * Not metered, not limited, not faulted.
 */
async function handleAdmin(cache: Cache, action: string, request: IncomingMessage, response: ServerResponse) {
  const body = request.method === "POST" ? (await readBody(request)).bytes.toString("utf8") : "";
  const input = body
    ? (JSON.parse(body) as { operationsPerSecond?: number | null; fault?: MomentoFault; slowMs?: number })
    : {};
  if (action === "stats") {
    response.writeHead(200, { "content-type": "application/json" });
    return response.end(JSON.stringify(cache.meter.stats()));
  }
  if (action === "reset-stats") cache.meter.resetStats();
  else if (action === "clear") cache.store.clear();
  else if (action === "limit") cache.meter.setLimit(input.operationsPerSecond ?? Infinity);
  else if (action === "fault") cache.faults.set(input.fault ?? "none", { slowMs: input.slowMs });
  else return sendText(response, 404, `No such control: ${action}`);
  response.writeHead(204).end();
}

async function handle(cache: Cache, apiKey: string, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname.startsWith("/_local/"))
    return handleAdmin(cache, url.pathname.slice("/_local/".length), request, response);
  const match = CACHE_PATH.exec(url.pathname);
  if (!match) return sendText(response, 404, `No such path: ${url.pathname}`);
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "PUT" && method !== "DELETE") {
    response.setHeader("allow", "GET, PUT, DELETE");
    return sendText(response, 405, `Method ${method} is not allowed`);
  }
  const body = method === "PUT" ? await readBody(request) : undefined;
  const admitted = await admitCall(cache, {
    cacheName: cacheNameOf(match[1]!),
    isGone: () => response.destroyed,
    authenticate: () => {
      const token = request.headers.authorization ?? url.searchParams.get("token");
      if (!token)
        throw new CacheError("unauthenticated", "Unauthorized: no token in the Authorization header or `token`");
      if (token !== apiKey) throw new CacheError("unauthenticated", "Unauthorized: invalid token");
    },
  });
  if (!admitted) return;
  const key = keyOf(url.searchParams);
  if (method === "GET") {
    const value = cache.store.get(key);
    cache.meter.bill("httpGet", itemOperations(key.byteLength + (value?.byteLength ?? 0)));
    if (value === undefined) return sendText(response, 404, "Key Not Found");
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": value.byteLength });
    response.end(value);
  } else if (method === "PUT") {
    const ttlMs = ttlMsOf(url.searchParams);
    const value = body!;
    // Checked on the full length: only the first bytes of an oversized body were kept.
    const itemBytes = key.byteLength + value.length;
    if (itemBytes > MAX_ITEM_BYTES) throw itemTooLarge(itemBytes, MAX_ITEM_BYTES);
    cache.store.set(key, value.bytes, ttlMs);
    cache.meter.bill("httpSet", itemOperations(key.byteLength + value.length));
    response.writeHead(204).end();
  } else {
    cache.store.delete(key);
    cache.meter.bill("httpDelete", itemOperations(key.byteLength));
    response.writeHead(204).end();
  }
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(cache: Cache, apiKey: string, host: string, port: number): Promise<HttpServer> {
  const server = createServer((request, response) => {
    handle(cache, apiKey, request, response).catch((error: unknown) => sendError(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
