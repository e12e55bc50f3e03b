// Storage: S3 behind CloudFront. Clients upload straight to S3 with presigned PUTs and read
// published objects from the CDN; the API only signs, inspects and publishes. Requests are
// signed with the AWS SDK's own SigV4 signer and sent with fetch: the S3 client (~300 KB,
// ~110 ms of cold start) never loads, so routes that touch storage stay as small as the rest.
import { createHash } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { now } from "../clock";
import { type StorageConfig, storageConfig } from "../config";
import { callSignal, isTimeout } from "../deadline";
import { Unavailable } from "../error";
import { countUsage } from "../usage";

import type { StoredContent } from "./prefixes";
import { immutableCacheControl } from "./public";

export { immutableCacheControl, moderatedCacheControl, publicPrefixes, publicUrl } from "./public";
export type { StoredContent } from "./prefixes";

export interface PresignedUpload {
  url: string;
  /** Headers the upload must carry exactly as given (they are signed). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  byteLength: number;
  contentType: string;
}

let signer: SignatureV4 | undefined;
let presigner: S3RequestPresigner | undefined;

function credentials() {
  // Lambda's role credentials arrive in these variables; the local stack sets its server's keys.
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("AWS credentials are missing from the environment.");
  return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN };
}

function signerOptions(config: StorageConfig) {
  return {
    service: "s3",
    region: config.region,
    // Resolved per signature: role credentials rotate while a Lambda stays warm.
    credentials: async () => credentials(),
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: false,
  };
}

/** The request for `key` in the bucket: path-style on the local server, virtual-hosted on AWS. */
function objectRequest(
  config: StorageConfig,
  method: string,
  key: string,
  extra: { headers?: Record<string, string>; body?: Uint8Array; query?: Record<string, string> } = {},
): HttpRequest {
  const path = key.split("/").map(encodeURIComponent).join("/");
  // An empty key is the bucket itself (a listing): path-style, that is `/bucket` without a slash.
  const base = config.endpoint
    ? new URL(`${config.endpoint}/${config.bucket}${key === "" ? "" : `/${path}`}`)
    : new URL(`https://${config.bucket}.s3.${config.region}.amazonaws.com/${path}`);
  return new HttpRequest({
    method,
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port ? Number(base.port) : undefined,
    path: base.pathname,
    headers: { host: base.host, ...extra.headers },
    body: extra.body,
    query: extra.query,
  });
}

interface SignedRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | (string | null)[] | null>;
}

function urlOf(request: SignedRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== null) query.append(name, one);
  }
  const port = request.port ? `:${request.port}` : "";
  const search = query.size > 0 ? `?${query.toString().replace(/\+/g, "%20")}` : "";
  return `${request.protocol}//${request.hostname}${port}${request.path}${search}`;
}

/**
 * A presigned PUT for `key`, bound to the content type and the exact length: S3 refuses any
 * other type, any other length, another key and, after `expiresInSeconds`, the URL itself.
 */
export async function presignUpload(input: {
  key: string;
  contentType: string;
  byteLength: number;
  expiresInSeconds: number;
}): Promise<PresignedUpload> {
  const config = storageConfig();
  presigner ??= new S3RequestPresigner(signerOptions(config));
  const signingDate = now();
  const request = objectRequest(config, "PUT", input.key, {
    headers: { "content-type": input.contentType, "content-length": String(input.byteLength) },
  });
  const signed = await presigner.presign(request, {
    expiresIn: input.expiresInSeconds,
    signingDate,
    // Left to itself the presigner signs neither: any type would be accepted.
    signableHeaders: new Set(["content-type", "content-length"]),
  });
  return {
    url: urlOf(signed),
    headers: { "content-type": input.contentType },
    expiresAt: new Date(signingDate.getTime() + input.expiresInSeconds * 1000).toISOString(),
  };
}

/** A short-lived signed GET for a private object (moderators look at hidden images with it). */
export async function presignDownload(input: { key: string; expiresInSeconds: number }): Promise<string> {
  const config = storageConfig();
  presigner ??= new S3RequestPresigner(signerOptions(config));
  const signed = await presigner.presign(objectRequest(config, "GET", input.key), {
    expiresIn: input.expiresInSeconds,
    signingDate: now(),
  });
  return urlOf(signed);
}

/** Sends one signed request within the call's deadline; 5xx, unreachable and too slow become 503s the client may retry. */
async function send(
  method: string,
  key: string,
  extra: { headers?: Record<string, string>; body?: Uint8Array; query?: Record<string, string> } = {},
): Promise<Response> {
  const config = storageConfig();
  signer ??= new SignatureV4({ ...signerOptions(config), applyChecksum: true });
  const signed = await signer.sign(objectRequest(config, method, key, extra), { signingDate: now() });
  countUsage("storageOps");
  let response: Response;
  try {
    response = await fetch(urlOf(signed), {
      method,
      headers: signed.headers,
      body: extra.body,
      signal: callSignal(),
    });
  } catch (cause) {
    throw storageUnavailable(cause);
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new Unavailable("File storage is unavailable; try again shortly.", { code: "storage_unavailable" });
  }
  return response;
}

function storageUnavailable(cause: unknown): Unavailable {
  const message = isTimeout(cause)
    ? "File storage did not answer in time; try again shortly."
    : "File storage is unreachable; try again shortly.";
  return new Unavailable(message, { code: "storage_unavailable", cause });
}

/** Reads a response's body, which can fail too: the deadline passes, or the connection drops. */
async function readBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (cause) {
    throw storageUnavailable(cause);
  }
}

async function failed(response: Response, what: string): Promise<Error> {
  const text = await readBody(() => response.text());
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? "unknown";
  return new Error(`S3 ${what} answered ${response.status} ${code}.`);
}

/** Writes an object with its type and cache policy. */
export async function putObject(input: {
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
}): Promise<void> {
  const response = await send("PUT", input.key, {
    headers: { "content-type": input.contentType, "cache-control": input.cacheControl },
    body: input.body,
  });
  if (!response.ok) throw await failed(response, `PUT ${input.key}`);
  await response.body?.cancel();
}

/** Size and type of an object, or undefined when there is none. */
export async function headObject(key: string): Promise<StoredObject | undefined> {
  const response = await send("HEAD", key);
  if (response.status === 404) return undefined;
  if (!response.ok) throw await failed(response, `HEAD ${key}`);
  return {
    byteLength: Number(response.headers.get("content-length") ?? 0),
    contentType: response.headers.get("content-type") ?? "",
  };
}

/** An object's bytes, or undefined when there is none; refuses objects over `maxBytes` before reading them. */
export async function getObject(
  key: string,
  options: { maxBytes: number },
): Promise<(StoredObject & { body: Uint8Array }) | undefined> {
  const response = await send("GET", key);
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) throw await failed(response, `GET ${key}`);
  const byteLength = Number(response.headers.get("content-length") ?? 0);
  if (byteLength > options.maxBytes) {
    await response.body?.cancel();
    throw new Error(`S3 object ${key} is ${byteLength} bytes, over ${options.maxBytes}.`);
  }
  const body = new Uint8Array(await readBody(() => response.arrayBuffer()));
  return { byteLength: body.length, contentType: response.headers.get("content-type") ?? "", body };
}

/** Copies within the bucket, keeping type and cache policy. */
export async function copyObject(from: string, to: string): Promise<void> {
  const config = storageConfig();
  const response = await send("PUT", to, {
    headers: { "x-amz-copy-source": `/${config.bucket}/${from.split("/").map(encodeURIComponent).join("/")}` },
  });
  // S3 may answer 200 with an error in the body for a copy.
  const text = await readBody(() => response.text());
  if (!response.ok || text.includes("<Error>")) throw new Error(`S3 copy ${from} → ${to} failed: ${response.status}.`);
}

/** Deletes an object; deleting what is not there is fine. */
export async function deleteObject(key: string): Promise<void> {
  const response = await send("DELETE", key);
  if (!response.ok && response.status !== 404) throw await failed(response, `DELETE ${key}`);
  await response.body?.cancel();
}

/**
 * Every key under `prefix`, in key order, a thousand a request. ListObjects (v1) pages by the
 * last key seen (`marker`), which S3 and the local server both serve; the local server cannot make
 * v2's continuation tokens on current Node (it encrypts them with DES).
 */
export async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (let marker: string | undefined; ;) {
    const query: Record<string, string> = { prefix };
    if (marker) query.marker = marker;
    // The bucket itself: its path is empty.
    const response = await send("GET", "", { query });
    if (!response.ok) throw await failed(response, `LIST ${prefix}`);
    const text = await response.text();
    const page = [...text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => unescapeXml(match[1]!));
    keys.push(...page);
    if (!/<IsTruncated>true<\/IsTruncated>/.test(text) || page.length === 0) return keys;
    marker = page.at(-1);
  }
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name]!,
  );
}

/** Deletes the objects under each prefix and each key (what is not there is fine), a few requests at once. */
export async function deleteAll(content: StoredContent): Promise<number> {
  const listed = await Promise.all(content.prefixes.map((prefix) => listKeys(prefix)));
  const keys = [...new Set([...listed.flat(), ...content.keys])];
  const queue = [...keys];
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) await deleteObject(key);
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return keys.length;
}

/** A JSON document as an immutable object, named before it is written. */
export interface JsonVersion {
  key: string;
  bytes: number;
  body: Uint8Array;
}

/**
 * A JSON document's immutable object `${prefix}/v${version}-${hash}.json`. The content hash in
 * the key means two saves racing for the same version never overwrite each other's object:
 * whichever commits, its key holds its own bytes; and the key is known before the write, so a
 * save can record it while the object is on its way.
 */
export function jsonVersion(input: { prefix: string; version: number; document: unknown }): JsonVersion {
  const body = new TextEncoder().encode(JSON.stringify(input.document));
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return { key: `${input.prefix}/v${input.version}-${hash}.json`, bytes: body.length, body };
}

/** Writes a version for the CDN. */
export async function publishJson({ key, body }: JsonVersion): Promise<void> {
  await putObject({ key, body, contentType: "application/json", cacheControl: immutableCacheControl });
}
