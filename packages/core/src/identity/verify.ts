// Identity tokens from Sign in with Apple and Google, verified as each provider specifies:
// - Apple (developer.apple.com, "Verifying a user"): RS256 signature by a key of
//   https://appleid.apple.com/auth/keys, `iss` https://appleid.apple.com, `aud` our client id
//   (the bundle id, or the Services ID of the web flow), `exp` in the future, and `nonce` the
//   SHA-256 (hex) of the raw nonce: the app hashes it before handing it to Apple.
// - Google (developers.google.com, "Verify the Google ID token on your server side"): RS256 by a
//   key of https://www.googleapis.com/oauth2/v3/certs, `iss` accounts.google.com or
//   https://accounts.google.com, `aud` our client id, `exp` in the future; `nonce` is carried as
//   the app gave it, so it must equal the raw nonce.
// The keys are fetched once and kept in the Lambda's memory (jose refetches when a token names a
// key it has not seen, at most every 30 s, and every 10 minutes regardless).
import { createHash } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { now } from "../clock";
import { identityConfig, type IdentityPlatform } from "../config";
import { AppError, Invalid, Unauthorized, Unavailable } from "../error";
import type { Provider } from "./schema";

interface Rule {
  issuers: string[];
  /** What the token's `nonce` claim must be, given the raw nonce the app sends us. */
  nonceClaim(rawNonce: string): string;
  name: string;
}

const rules: Record<Provider, Rule> = {
  apple: {
    issuers: ["https://appleid.apple.com"],
    nonceClaim: (raw) => createHash("sha256").update(raw).digest("hex"),
    name: "Sign in with Apple",
  },
  google: {
    issuers: ["https://accounts.google.com", "accounts.google.com"],
    nonceClaim: (raw) => raw,
    name: "Sign in with Google",
  },
};

/** The provider's id of a person: printable ASCII (Apple's look like 001234.0a1b….1234, Google's are digits). */
const subjectPattern = /^[\x21-\x7e]{1,255}$/;

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetAt(url: string): ReturnType<typeof createRemoteJWKSet> {
  let keySet = keySets.get(url);
  if (!keySet) {
    // jose types its URL with the DOM's; infra's type-check (Node's types only) sees another URL.
    const at = new URL(url) as unknown as Parameters<typeof createRemoteJWKSet>[0];
    keySet = createRemoteJWKSet(at, {
      timeoutDuration: 2_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    keySets.set(url, keySet);
  }
  return keySet;
}

export interface VerifiedIdentity {
  provider: Provider;
  subject: string;
}

/** The person the token proves, or 401 `invalid_identity_token` saying what failed. */
export async function verifyIdentityToken(input: {
  provider: Provider;
  idToken: string;
  nonce: string;
  platform: IdentityPlatform;
}): Promise<VerifiedIdentity> {
  const rule = rules[input.provider];
  const config = identityConfig();
  const audience = config.clientIds[input.provider][input.platform];
  if (!audience || audience === "none") {
    throw new Invalid(`${rule.name} is not offered on ${input.platform}.`, undefined, "provider_not_offered");
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(input.idToken, keySetAt(config.keysUrl[input.provider]), {
      issuer: rule.issuers,
      audience,
      algorithms: ["RS256"],
      requiredClaims: ["sub", "iat", "exp"],
      currentDate: now(),
    }));
  } catch (error) {
    throw refusal(error, rule.name);
  }
  if (payload.nonce !== rule.nonceClaim(input.nonce)) {
    throw invalidToken(`The identity token was not issued for this nonce.`);
  }
  if (typeof payload.sub !== "string" || !subjectPattern.test(payload.sub)) {
    throw invalidToken("The identity token names no usable subject.");
  }
  return { provider: input.provider, subject: payload.sub };
}

/** What jose throws about the token itself; anything else means the keys could not be had. */
const tokenFaults = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

function refusal(error: unknown, name: string): AppError {
  if (!tokenFaults.some((fault) => error instanceof fault)) {
    // The keys could not be fetched or read (timeout, unreachable, not 200, not a key set).
    return new Unavailable(`${name} cannot be checked right now; try again shortly.`, {
      code: "identity_provider_unavailable",
      cause: error,
    });
  }
  if (error instanceof errors.JWTExpired) return invalidToken("The identity token has expired.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`The identity token's ${error.claim} is not what ${name} issues for this app.`);
  }
  return invalidToken(`The identity token is not signed by ${name}.`);
}

function invalidToken(message: string): Unauthorized {
  return new Unauthorized(message, "invalid_identity_token");
}

/** Test hook: forget the fetched keys, as a new Lambda would. */
export function resetIdentityKeys(): void {
  keySets.clear();
}
