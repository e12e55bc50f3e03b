import { createHash, randomBytes } from "node:crypto";
import { now, nowSeconds } from "../clock";
import { jwtSecret } from "../config";
import { Unauthorized } from "../error";
import { signJwt, verifiedClaims } from "./jwt";

/**
 * Token signing. Access tokens are short-lived JWTs checked inside the Lambda with no
 * database or cache call; refresh tokens are opaque random strings stored only as a hash.
 */
export const accessTokenSeconds = 15 * 60;
export const refreshTokenDays = 60;

const issuer = "gogh";
const audience = "gogh-api";

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export async function signAccessToken({ userId, sessionId }: AccessClaims): Promise<string> {
  const iat = nowSeconds();
  return signJwt(
    { sid: sessionId, sub: userId, iss: issuer, aud: audience, iat, exp: iat + accessTokenSeconds },
    jwtSecret(),
  );
}

/** Lambdas' clocks may disagree by this much: a token signed by one may look issued in the future to another. */
const clockSkewSeconds = 5;

/**
 * Accepts only what signAccessToken makes: signed with our key, not expired, and living no
 * longer than `accessTokenSeconds` from an `iat` that is not in the future. A token without
 * `exp` or `iat`, or one made to last longer (by a leaked key, or a past bug), is refused:
 * access tokens are checked without the database, so their lifetime is what bounds a ban.
 */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const claims = verifiedClaims(token, jwtSecret());
  const { sub, sid, iss, aud, iat, exp, nbf } = claims ?? {};
  const at = now().getTime() / 1000;
  const valid =
    typeof sub === "string" &&
    typeof sid === "string" &&
    iss === issuer &&
    (aud === audience || (Array.isArray(aud) && aud.includes(audience))) &&
    typeof iat === "number" &&
    typeof exp === "number" &&
    (nbf === undefined || (typeof nbf === "number" && nbf <= at)) &&
    at < exp &&
    exp - iat <= accessTokenSeconds &&
    iat <= at + clockSkewSeconds;
  if (!valid) throw new Unauthorized("The access token is invalid or expired.", "invalid_token");
  return { userId: sub, sessionId: sid };
}

export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 suffices: the token is 256 random bits, so there is nothing to brute-force. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
