// A local stand-in for Apple's and Google's sign-in key servers. Each provider gets real RSA keys
// and a real JWKS endpoint at the path the provider publishes it under, and signs identity tokens
// with the claims that provider puts in them, so the API verifies them exactly as it verifies
// the real ones (signature against the fetched keys, issuer, audience, expiry, nonce). Tests and
// `pnpm dev` ask it for tokens at `POST /_local/<provider>/token`, standing in for the device's
// sign-in sheet; `GET /_local/stats` says how often each provider's keys were fetched.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export type Provider = "apple" | "google";

/** What the device would have asked the provider for; the token carries it back. */
export interface TokenRequest {
  /** The provider's id of the person. */
  sub: string;
  /** The client id the sign-in was made for. */
  aud: string;
  /** The nonce the app sent the provider (Apple: the SHA-256 hex of the raw nonce; Google: the raw one). */
  nonce?: string;
  /** Seconds since the epoch; defaults to now. Tests pass their own clock's. */
  iat?: number;
  /** Lifetime in seconds; defaults to the provider's own (Apple 10 minutes, Google an hour). */
  expiresIn?: number;
  /** Overrides for tests of what must be refused: another issuer, a key the JWKS does not list. */
  iss?: string;
  signWith?: "published" | "unpublished";
}

export interface IdentityKeyServer {
  url: string;
  /** Where each provider's keys are published here, as `Resource.Identity` names them. */
  keysUrl: Record<Provider, string>;
  close(): Promise<void>;
}

/** Where each provider publishes its keys (the paths are kept, so a URL differs only in its origin). */
export const keysPaths: Record<Provider, string> = {
  apple: "/auth/keys",
  google: "/oauth2/v3/certs",
};

const rules: Record<Provider, { issuer: string; lifetimeSeconds: number; claims(sub: string): object }> = {
  // Apple: https://developer.apple.com/documentation/signinwithapple/authenticating-users-with-sign-in-with-apple
  apple: {
    issuer: "https://appleid.apple.com",
    lifetimeSeconds: 600,
    claims: (sub) => ({
      email: `${sub.slice(-8)}@privaterelay.appleid.com`,
      email_verified: "true",
      is_private_email: "true",
      nonce_supported: true,
      real_user_status: 2,
    }),
  },
  // Google: https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload
  google: {
    issuer: "https://accounts.google.com",
    lifetimeSeconds: 3600,
    claims: (sub) => ({ email: `user${sub.slice(-6)}@gmail.com`, email_verified: true, name: "Local Person" }),
  },
};

interface KeyPair {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  publicJwk: JWK;
}

/** Both providers' keys: two published (providers rotate, so their sets hold several) and one that is not. */
interface ProviderKeys {
  published: KeyPair[];
  unpublished: KeyPair;
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const kid = randomBytes(8).toString("hex");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export async function startIdentityKeyServer(
  options: { host?: string; port?: number } = {},
): Promise<IdentityKeyServer> {
  // Made on first use: generating RSA keys takes a moment that test files which sign no one in should not pay.
  const keys = new Map<Provider, Promise<ProviderKeys>>();
  const keysOf = (provider: Provider) => {
    if (!keys.has(provider)) {
      keys.set(
        provider,
        Promise.all([newKeyPair(), newKeyPair(), newKeyPair()]).then(([first, second, unpublished]) => ({
          published: [first, second],
          unpublished,
        })),
      );
    }
    return keys.get(provider)!;
  };

  // How often each provider's keys were fetched: tests read it to see that verifiers keep them.
  const keyFetches: Record<Provider, number> = { apple: 0, google: 0 };

  const server = createServer((request, response) => {
    handle(request)
      .then(({ status, body }) => {
        response.writeHead(status, { "content-type": "application/json", "cache-control": "public, max-age=3600" });
        response.end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: String(error) }));
      });
  });

  async function handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "GET" && url.pathname === "/_local/stats") return { status: 200, body: { keyFetches } };
    const [, provider, ...rest] = url.pathname.split("/");
    if (provider !== "apple" && provider !== "google") return { status: 404, body: { error: "not found" } };
    const path = `/${rest.join("/")}`;
    if (request.method === "GET" && path === keysPaths[provider]) {
      const { published } = await keysOf(provider);
      keyFetches[provider]++;
      return { status: 200, body: { keys: published.map((pair) => pair.publicJwk) } };
    }
    if (request.method === "POST" && path === "/_local/token") {
      const token = await sign(provider, (await readJson(request)) as TokenRequest);
      return { status: 200, body: { idToken: token } };
    }
    return { status: 404, body: { error: "not found" } };
  }

  async function sign(provider: Provider, input: TokenRequest): Promise<string> {
    const rule = rules[provider];
    const { published, unpublished } = await keysOf(provider);
    // The newest published key signs, as providers sign with one key of their set.
    const key = input.signWith === "unpublished" ? unpublished : published[1]!;
    const issuedAt = input.iat ?? Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { ...rule.claims(input.sub), auth_time: issuedAt };
    if (input.nonce !== undefined) claims.nonce = input.nonce;
    if (provider === "google") claims.azp = input.aud;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
      .setIssuer(input.iss ?? rule.issuer)
      .setSubject(input.sub)
      .setAudience(input.aud)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (input.expiresIn ?? rule.lifetimeSeconds))
      .sign(key.privateKey);
  }

  await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);
  const url = `http://${options.host ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    keysUrl: { apple: `${url}/apple${keysPaths.apple}`, google: `${url}/google${keysPaths.google}` },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
