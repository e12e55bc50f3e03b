// What identities look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { DeviceLabel, Tokens } from "../account/schema";

export const Provider = z.enum(["apple", "google"]);
export type Provider = z.infer<typeof Provider>;

/** The platforms Sign in with Apple and Google are offered on: each has its own client id. */
export const IdentityPlatform = z.enum(["ios", "android"]);

/** A JWT in compact form (three base64url parts); real ones are about 1 KB. */
export const IdentityToken = z
  .string()
  .check(z.maxLength(4096), z.regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "Not an identity token (a JWT)."));

/**
 * The raw nonce the app generated for this sign-in (random, 16 to 128 printable ASCII characters).
 * The app gave the provider its SHA-256 (Apple) or the nonce itself (Google); the token carries that back.
 */
export const Nonce = z
  .string()
  .check(
    z.minLength(16),
    z.maxLength(128),
    z.regex(/^[\x21-\x7e]+$/, "Printable ASCII characters only (use a random base64url string)."),
  );

/** What the app got from the provider's sign-in sheet, to prove who the person is there. */
export const IdentityProof = z.strictObject({
  provider: Provider,
  idToken: IdentityToken,
  nonce: Nonce,
  platform: IdentityPlatform,
});

export const LinkBody = IdentityProof;

export const SignInBody = z.extend(IdentityProof, { deviceLabel: z.optional(DeviceLabel) });

export const ProviderPath = z.strictObject({ provider: Provider });

export const LinkedIdentity = z.object({ provider: Provider, linkedAt: z.string() });
export type LinkedIdentity = z.infer<typeof LinkedIdentity>;

export const IdentityList = z.object({ items: z.array(LinkedIdentity) });
export type IdentityList = z.infer<typeof IdentityList>;

export const IdentitySignIn = z.extend(Tokens, {
  accountCreated: z.boolean().check(z.describe("True when no account had this identity yet: a new one was made.")),
});
export type IdentitySignIn = z.infer<typeof IdentitySignIn>;
