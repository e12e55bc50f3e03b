// HS256 JSON Web Tokens with node:crypto alone: the one kind this API signs and checks. Every
// authenticated Lambda verifies one per request, and a JWT library is what its cold start
// would otherwise load first (jose costs a few milliseconds of import for what is an HMAC).
import { createHmac, timingSafeEqual } from "node:crypto";

const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

export type Claims = Record<string, unknown>;

export function signJwt(claims: Claims, key: Uint8Array): string {
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${body}.${signature(body, key)}`;
}

/**
 * The claims of a token whose header says HS256 and whose signature is `key`'s, or undefined.
 * Claims are not judged here (expiry, issuer, audience): the caller knows what it requires.
 */
export function verifiedClaims(token: string, key: Uint8Array): Claims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
  const expected = Buffer.from(signature(`${encodedHeader}.${encodedClaims}`, key), "base64url");
  const given = Buffer.from(encodedSignature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const decodedHeader = parseObject(encodedHeader);
  if (decodedHeader?.alg !== "HS256" || "crit" in decodedHeader) return undefined;
  return parseObject(encodedClaims);
}

function signature(body: string, key: Uint8Array): string {
  return createHmac("sha256", key).update(body).digest("base64url");
}

function parseObject(encoded: string): Claims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Claims) : undefined;
  } catch {
    return undefined;
  }
}
