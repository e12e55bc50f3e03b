import { createHash, randomBytes } from "node:crypto";
import { nowSeconds } from "../clock";
import { identityConfig } from "../config";
import type { Provider } from "./schema";

/** What a test may change about the token the provider signs (to see it refused). */
export interface TokenOptions {
  /** Defaults to our client id for the provider and platform. */
  audience?: string;
  /** Defaults to what the app would have sent the provider for this raw nonce. */
  providerNonce?: string | null;
  iat?: number;
  expiresIn?: number;
  iss?: string;
  signWith?: "published" | "unpublished";
}

export interface Proof {
  provider: Provider;
  idToken: string;
  nonce: string;
  platform: "ios" | "android";
}

/** A random provider id, shaped like each provider's. */
export function newSubject(provider: Provider): string {
  return provider === "apple"
    ? `00${randomBytes(2).toString("hex")}.${randomBytes(16).toString("hex")}.${randomBytes(2).toString("hex")}`
    : String(100_000_000_000_000_000_000n + BigInt(`0x${randomBytes(8).toString("hex")}`));
}

/**
 * Signs the person in with the local key server as the app would: a fresh raw nonce, handed to
 * the provider hashed (Apple) or as it is (Google), and the token the provider returns: what the
 * app sends us. The person is `subject` at the provider (a new one when absent).
 */
export async function identityProof(
  provider: Provider,
  person: { subject?: string; platform?: "ios" | "android" } = {},
  options: TokenOptions = {},
): Promise<Proof> {
  const platform = person.platform ?? "ios";
  const subject = person.subject ?? newSubject(provider);
  const nonce = randomBytes(24).toString("base64url");
  const config = identityConfig();
  const providerNonce =
    options.providerNonce === undefined
      ? provider === "apple"
        ? createHash("sha256").update(nonce).digest("hex")
        : nonce
      : options.providerNonce;
  const response = await fetch(`${new URL(config.keysUrl[provider]).origin}/${provider}/_local/token`, {
    method: "POST",
    body: JSON.stringify({
      sub: subject,
      aud: options.audience ?? config.clientIds[provider][platform],
      ...(providerNonce === null ? {} : { nonce: providerNonce }),
      iat: options.iat ?? nowSeconds(),
      expiresIn: options.expiresIn,
      iss: options.iss,
      signWith: options.signWith,
    }),
  });
  if (!response.ok) throw new Error(`local key server: ${response.status}`);
  const { idToken } = (await response.json()) as { idToken: string };
  return { provider, idToken, nonce, platform };
}

/** How often the local key server handed out each provider's keys. */
export async function keyFetches(): Promise<Record<Provider, number>> {
  const response = await fetch(`${new URL(identityConfig().keysUrl.apple).origin}/_local/stats`);
  return ((await response.json()) as { keyFetches: Record<Provider, number> }).keyFetches;
}
