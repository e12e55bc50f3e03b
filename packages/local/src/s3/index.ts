// A local S3 and a local CDN in front of it. The S3 side is @20minutes/s3rver, which verifies
// SigV4 signatures (header and presigned query), so a presigned PUT with another length, another
// content type, another key or past its expiry is refused here as S3 refuses it. In front of it:
// requests without a signature are refused (the bucket is private, as on AWS), and a test can
// make the server fail: answer 503, answer late, or drop the connection. The CDN serves only the public prefixes, as CloudFront's routes do.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";
import { delayMs, delayVariables, RoundTrip } from "../latency";

export type S3Fault = "none" | "unavailable" | "slow" | "drop-connection";

/** How late "slow" answers unless told: past any client's per-call deadline. */
const defaultSlowMs = 10_000;

export interface S3ServerOptions {
  host?: string;
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  cdnPort?: number;
  bucket?: string;
  /** Where objects live; a fresh temporary directory (removed on close) when absent. */
  directory?: string;
  /** Prefixes the CDN serves. */
  publicPrefixes: readonly string[];
  /** Each S3 call's round trip (not the CDN's), as from a Lambda in the bucket's region. Defaults to GOGH_S3_DELAY_MS, else 0. */
  latencyMs?: number;
}

export interface S3Server {
  /** "http://host:port", the S3 endpoint (path-style). */
  url: string;
  /** "http://host:port", the CDN's base URL. */
  cdnUrl: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * Every S3 request (not the CDN): "unavailable" answers 503, "slow" answers after `slowMs`
   * (or when the fault is cleared; never once the client has gone), "drop-connection" closes
   * the connection without an answer.
   */
  setFault(fault: S3Fault, options?: { slowMs?: number }): void;
  /** Changes the round-trip delay of the S3 calls that come in from now on. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

// s3rver's one built-in account.
const accessKeyId = "S3RVER";
const secretAccessKey = "S3RVER";

// Uploads come from the app (no CORS) and from browser tools during development.
const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const host = options.host ?? "127.0.0.1";
  const bucket = options.bucket ?? "gogh-local";
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), "gogh-s3-")));
  const s3rver = new S3rver({
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [corsConfiguration] }],
  });
  await s3rver.configureBuckets();
  const origin = s3rver.callback();
  let fault: S3Fault = "none";
  let writes = Promise.resolve();
  let slowMs = defaultSlowMs;
  const roundTrip = new RoundTrip(delayMs(options.latencyMs, delayVariables.storageMs));
  const delayed = new Set<() => void>();
  const setFault = (next: S3Fault, options: { slowMs?: number } = {}) => {
    fault = next;
    slowMs = options.slowMs ?? defaultSlowMs;
    for (const release of [...delayed]) release();
  };

  const s3 = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/_local/fault" && request.method === "POST") {
      const body = (await readJson(request).catch(() => ({}))) as { fault?: S3Fault; slowMs?: number };
      setFault(body.fault ?? "none", { slowMs: body.slowMs });
      response.writeHead(204).end();
      return;
    }
    if (fault === "unavailable") {
      return s3Error(response, 503, "ServiceUnavailable", "Please reduce your request rate.");
    }
    if (fault === "drop-connection") {
      request.socket.destroy();
      return;
    }
    if (fault === "slow" && !(await answerLate(response, slowMs, delayed))) return;
    await roundTrip.half();
    holdAnswer(response, roundTrip);
    const signed =
      "authorization" in request.headers ||
      url.searchParams.has("X-Amz-Algorithm") ||
      url.searchParams.has("Signature");
    if (!signed && request.method !== "OPTIONS") return s3Error(response, 403, "AccessDenied", "Access Denied");
    if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") {
      return origin(request, response);
    }
    // s3rver's file store removes a folder that a delete empties, which fails another key's
    // write into it at that moment (S3 has no folders): writes take turns here.
    const turn = writes.then(
      () =>
        new Promise<void>((done) => {
          response.once("close", done);
          origin(request, response);
        }),
    );
    writes = turn.catch(() => undefined);
  });

  // The CDN reads the bucket as CloudFront's origin access does: only the public prefixes, GET and HEAD.
  const cdn = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const key = decodeURIComponent(url.pathname.slice(1));
    const isPublic = options.publicPrefixes.some((prefix) => key.startsWith(prefix)) && !key.includes("..");
    if (!isPublic || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    delete request.headers.authorization;
    request.url = `/${bucket}${url.pathname}`;
    origin(request, response);
  });

  await Promise.all([listen(s3, host, options.port ?? 0), listen(cdn, host, options.cdnPort ?? 0)]);
  return {
    url: `http://${host}:${(s3.address() as AddressInfo).port}`,
    cdnUrl: `http://${host}:${(cdn.address() as AddressInfo).port}`,
    bucket,
    region: "us-east-1",
    accessKeyId,
    secretAccessKey,
    setFault,
    setLatency: (ms) => roundTrip.set(ms),
    async close() {
      setFault("none");
      await Promise.all([stop(s3), stop(cdn)]);
      if (ownDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The answer's half of the round trip: its end goes out half a delay after s3rver (or we) end it. */
function holdAnswer(response: ServerResponse, roundTrip: RoundTrip): void {
  if (roundTrip.delayMs <= 0) return;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    void roundTrip.half()!.then(() => end(...args));
    return response;
  }) as typeof response.end;
}

/** Waits `ms` (or until released); false when the client went away meanwhile. */
function answerLate(response: ServerResponse, ms: number, delayed: Set<() => void>): Promise<boolean> {
  return new Promise((resolve) => {
    const done = () => {
      delayed.delete(done);
      clearTimeout(timer);
      response.off("close", done);
      resolve(!response.destroyed && !response.writableEnded);
    };
    const timer = setTimeout(done, ms);
    delayed.add(done);
    response.once("close", done);
  });
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { "content-type": "application/xml" });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
