// Momento's HTTP API (docs.momentohq.com/cache/develop/api-reference/http-api): GET, PUT and
// DELETE on /cache/{cacheName}?key=…|key_base64=…, `ttl_seconds` on PUT, the token in the
// Authorization header or the `token` query parameter. Answers: 200 with the value, 204, 400,
// 401, 404 (a miss, or no such cache), 429 (rate or item size limit), 503.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl } from "./controls";
import { CacheError, type CacheErrorKind, invalidArgument } from "./errors";
import { type Cache, passFault, runCall } from "./gate";
import { keyOf } from "./key";
import { MAX_ITEM_BYTES, MAX_TTL_MS } from "./limits";
import { type CallKind, callOperations } from "./meter";
import { checkItemSize } from "./store";

const statusOf: Record<CacheErrorKind, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  cache_not_found: 404,
  // Momento documents 429 for "account limits were exceeded": the rate limit and the item size alike.
  limit_exceeded: 429,
  unavailable: 503,
};

const kindOf: Record<string, CallKind | undefined> = { GET: "get", PUT: "set", DELETE: "delete" };

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

/** A name that is not valid URL encoding cannot be the cache's: it is kept as sent, and not found. */
function cacheNameOf(pathSegment: string): string {
  try {
    return decodeURIComponent(pathSegment);
  } catch {
    return pathSegment;
  }
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

/** The operation of a call: what it answers (a value, a miss, or nothing) and what it cost. */
function operate(
  cache: Cache,
  kind: CallKind,
  query: URLSearchParams,
  body: Body | undefined,
): { result: Buffer | "miss" | "done"; operations: number } {
  const key = keyOf(query);
  if (kind === "get") {
    const value = cache.store.get(key);
    return { result: value ?? "miss", operations: callOperations(key.byteLength, value?.byteLength ?? 0) };
  }
  if (kind === "set") {
    const ttlMs = ttlMsOf(query);
    // Checked on the full length: only the first bytes of an oversized body were kept.
    checkItemSize(key, body!.length);
    cache.store.set(key, body!.bytes, ttlMs);
    return { result: "done", operations: callOperations(key.byteLength + body!.length, 0) };
  }
  cache.store.delete(key);
  return { result: "done", operations: callOperations(key.byteLength, 0) };
}

async function handle(cache: Cache, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname.startsWith("/_local/"))
    return handleControl(cache, url.pathname.slice("/_local/".length), request, response);
  const match = CACHE_PATH.exec(url.pathname);
  if (!match) return sendText(response, 404, `No such path: ${url.pathname}`);
  const kind = kindOf[request.method ?? "GET"];
  if (!kind) {
    response.setHeader("allow", "GET, PUT, DELETE");
    return sendText(response, 405, `Method ${request.method} is not allowed`);
  }
  const body = kind === "set" ? await readBody(request) : undefined;
  await cache.roundTrip.half();
  if (!(await passFault(cache, () => response.destroyed))) return;
  const call = {
    kind,
    token: request.headers.authorization ?? url.searchParams.get("token"),
    cacheName: cacheNameOf(match[1]!),
  };
  let result: ReturnType<typeof operate>["result"];
  try {
    result = runCall(cache, call, () => operate(cache, kind, url.searchParams, body));
  } finally {
    await cache.roundTrip.half();
  }
  if (result === "miss") return sendText(response, 404, "Key Not Found");
  if (result === "done") return response.writeHead(204).end();
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": result.byteLength });
  response.end(result);
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(cache: Cache, host: string, port: number): Promise<HttpServer> {
  const server = createServer((request, response) => {
    handle(cache, request, response).catch((error: unknown) => sendError(response, error));
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
