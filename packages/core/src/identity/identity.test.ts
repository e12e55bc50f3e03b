import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { verifyAccessToken } from "../auth";
import { advanceClock, nowSeconds, resetClock } from "../clock";
import { identityConfig } from "../config";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import { relink } from "../testing";
import * as Identity from "./index";
import { identityProof, keyFetches, newSubject } from "./testing";
import { resetIdentityKeys, verifyIdentityToken } from "./verify";

afterEach(() => resetClock());

const providers = ["apple", "google"] as const;

describe.each(providers)("a %s identity token", (provider) => {
  it("is accepted with a good signature, issuer, audience, expiry and nonce, naming its subject", async () => {
    for (const platform of ["ios", "android"] as const) {
      const subject = newSubject(provider);
      const proof = await identityProof(provider, { subject, platform });
      expect(await verifyIdentityToken(proof)).toEqual({ provider, subject });
    }
  });

  it("is refused once expired", async () => {
    const proof = await identityProof(provider);
    advanceClock((provider === "apple" ? 600 : 3600) * 1000 + 1000);
    await expect(verifyIdentityToken(proof)).rejects.toMatchObject({
      status: 401,
      code: "invalid_identity_token",
      message: "The identity token has expired.",
    });
  });

  it("is refused for another client id, even ours on the other platform", async () => {
    const other =
      provider === "apple" ? identityConfig().clientIds.apple.android : identityConfig().clientIds.google.android;
    const proof = await identityProof(provider, { platform: "ios" }, { audience: other });
    await expect(verifyIdentityToken(proof)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/aud/),
    });
    await expect(
      verifyIdentityToken({ ...(await identityProof(provider, {}, { audience: "com.example.other" })) }),
    ).rejects.toMatchObject({ code: "invalid_identity_token" });
  });

  it("is refused from another issuer", async () => {
    const proof = await identityProof(provider, {}, { iss: "https://evil.example" });
    await expect(verifyIdentityToken(proof)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/iss/),
    });
  });

  it("is refused when signed by a key the provider does not publish", async () => {
    const proof = await identityProof(provider, {}, { signWith: "unpublished" });
    await expect(verifyIdentityToken(proof)).rejects.toMatchObject({ status: 401, code: "invalid_identity_token" });
  });

  it("is refused for another nonce, or without one", async () => {
    const proof = await identityProof(provider);
    await expect(verifyIdentityToken({ ...proof, nonce: `${proof.nonce}x` })).rejects.toMatchObject({
      status: 401,
      message: "The identity token was not issued for this nonce.",
    });
    const without = await identityProof(provider, {}, { providerNonce: null });
    await expect(verifyIdentityToken(without)).rejects.toMatchObject({ status: 401 });
  });

  it("is refused when signed with a shared secret instead of the provider's RSA key", async () => {
    const issuedAt = nowSeconds();
    const forged = await new SignJWT({ nonce: "n" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(provider === "apple" ? "https://appleid.apple.com" : "https://accounts.google.com")
      .setSubject("someone")
      .setAudience(identityConfig().clientIds[provider].ios)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 60)
      .sign(new TextEncoder().encode("x".repeat(32)));
    await expect(
      verifyIdentityToken({ provider, idToken: forged, nonce: "n".repeat(16), platform: "ios" }),
    ).rejects.toMatchObject({ status: 401, code: "invalid_identity_token" });
  });

  it("of one provider is refused as the other's", async () => {
    const proof = await identityProof(provider);
    const other = provider === "apple" ? "google" : "apple";
    await expect(verifyIdentityToken({ ...proof, provider: other })).rejects.toMatchObject({ status: 401 });
  });
});

describe("the nonce", () => {
  it("is the SHA-256 of the raw nonce in Apple's tokens, and the raw nonce in Google's", async () => {
    const raw = "a-raw-nonce-0123456789";
    const hashed = createHash("sha256").update(raw).digest("hex");
    const apple = await identityProof("apple", {}, { providerNonce: hashed });
    await expect(verifyIdentityToken({ ...apple, nonce: raw })).resolves.toMatchObject({ provider: "apple" });
    const appleGivenRaw = await identityProof("apple", {}, { providerNonce: raw });
    await expect(verifyIdentityToken({ ...appleGivenRaw, nonce: raw })).rejects.toMatchObject({ status: 401 });
    const google = await identityProof("google", {}, { providerNonce: raw });
    await expect(verifyIdentityToken({ ...google, nonce: raw })).resolves.toMatchObject({ provider: "google" });
    const googleGivenHash = await identityProof("google", {}, { providerNonce: hashed });
    await expect(verifyIdentityToken({ ...googleGivenHash, nonce: raw })).rejects.toMatchObject({ status: 401 });
  });
});

describe("the providers' keys", () => {
  it("are fetched once and kept in memory for the tokens that follow", async () => {
    resetIdentityKeys();
    const before = await keyFetches();
    for (let i = 0; i < 5; i++) await verifyIdentityToken(await identityProof("apple"));
    for (let i = 0; i < 5; i++) await verifyIdentityToken(await identityProof("google"));
    const after = await keyFetches();
    expect({ apple: after.apple - before.apple, google: after.google - before.google }).toEqual({
      apple: 1,
      google: 1,
    });
  });

  it("out of reach make a 503 the client may retry, not a refusal", async () => {
    const proof = await identityProof("apple");
    const config = identityConfig();
    relink("Identity", { appleKeysUrl: "http://127.0.0.1:9/auth/keys" });
    try {
      await expect(verifyIdentityToken(proof)).rejects.toMatchObject({
        status: 503,
        code: "identity_provider_unavailable",
      });
    } finally {
      relink("Identity", { appleKeysUrl: config.keysUrl.apple });
    }
  });

  it("are not asked for when a provider is not offered on a platform", async () => {
    const proof = await identityProof("google", { platform: "android" });
    const config = identityConfig();
    relink("Identity", { googleAndroid: "none" });
    try {
      await expect(verifyIdentityToken(proof)).rejects.toMatchObject({ status: 400, code: "provider_not_offered" });
    } finally {
      relink("Identity", { googleAndroid: config.clientIds.google.android });
    }
  });
});

describe("signIn", () => {
  const address = () => `192.0.2.${Math.floor(Math.random() * 250)}`;

  it("makes an account for an identity seen for the first time, and signs a new device in to it after", async () => {
    const subject = newSubject("apple");
    const first = await identityProof("apple", { subject });
    const made = await Identity.signIn({ ...first, address: address(), deviceLabel: "Old phone" });
    expect(made.accountCreated).toBe(true);
    const again = await identityProof("apple", { subject, platform: "android" });
    const signedIn = await Identity.signIn({ ...again, address: address(), deviceLabel: "New phone" });
    expect(signedIn).toMatchObject({ userId: made.userId, accountCreated: false });
    expect((await verifyAccessToken(signedIn.accessToken)).sessionId).not.toBe(
      (await verifyAccessToken(made.accessToken)).sessionId,
    );
    // Both devices stay signed in: a sign-in adds a session.
    await expect(Account.refresh({ refreshToken: made.refreshToken })).resolves.toMatchObject({ userId: made.userId });
    expect(await Identity.list({ userId: made.userId })).toEqual({
      items: [{ provider: "apple", linkedAt: expect.any(String) }],
    });
  });

  it("makes one account when the same new identity signs in on several devices at once", async () => {
    const subject = newSubject("google");
    const proofs = await Promise.all(Array.from({ length: 6 }, () => identityProof("google", { subject })));
    const results = await Promise.all(proofs.map((proof) => Identity.signIn({ ...proof, address: address() })));
    expect(new Set(results.map((result) => result.userId)).size).toBe(1);
    expect(results.filter((result) => result.accountCreated)).toHaveLength(1);
    const accounts = await db().selectFrom("identities").select("account_id").where("subject", "=", subject).execute();
    expect(accounts).toHaveLength(1);
  });

  it("refuses a banned account as a refresh does", async () => {
    const subject = newSubject("apple");
    const proof = await identityProof("apple", { subject });
    const { userId } = await Identity.signIn({ ...proof, address: address() });
    await Account.ban({ userId, reason: "spam" });
    const again = await identityProof("apple", { subject });
    await expect(Identity.signIn({ ...again, address: address() })).rejects.toMatchObject({
      status: 403,
      code: "account_banned",
    });
  });

  it("writes nothing for a token it refuses", async () => {
    const proof = await identityProof("google", {}, { signWith: "unpublished" });
    const before = await rowCounts();
    await expect(Identity.signIn({ ...proof, address: "192.0.2.1" })).rejects.toMatchObject({ status: 401 });
    const after = await rowCounts();
    // Only the address's sign-in count moved (the limit counts attempts, good or bad).
    expect({ ...after, rate_limits: 0 }).toEqual({ ...before, rate_limits: 0 });
  });
});

describe("link and unlink", () => {
  it("links Apple and Google to an anonymous account, which either then signs in to", async () => {
    const device = await Account.signup({});
    const apple = newSubject("apple");
    await Identity.link({ userId: device.userId, ...(await identityProof("apple", { subject: apple })) });
    const google = newSubject("google");
    const linked = await Identity.link({
      userId: device.userId,
      ...(await identityProof("google", { subject: google })),
    });
    expect(linked.items.map((item) => item.provider)).toEqual(["apple", "google"]);
    for (const [provider, subject] of [
      ["apple", apple],
      ["google", google],
    ] as const) {
      const proof = await identityProof(provider, { subject, platform: "android" });
      await expect(Identity.signIn({ ...proof, address: "192.0.2.9" })).resolves.toMatchObject({
        userId: device.userId,
        accountCreated: false,
      });
    }
  });

  it("changes nothing when the identity is linked to this account already", async () => {
    const device = await Account.signup({});
    const subject = newSubject("apple");
    await Identity.link({ userId: device.userId, ...(await identityProof("apple", { subject })) });
    const again = await identityProof("apple", { subject });
    await expect(Identity.link({ userId: device.userId, ...again })).resolves.toMatchObject({
      items: [{ provider: "apple" }],
    });
  });

  it("answers 409 for an identity linked to another account, and for a second identity of one provider", async () => {
    const owner = await Account.signup({});
    const other = await Account.signup({});
    const subject = newSubject("google");
    await Identity.link({ userId: owner.userId, ...(await identityProof("google", { subject })) });
    const same = await identityProof("google", { subject });
    await expect(Identity.link({ userId: other.userId, ...same })).rejects.toMatchObject({
      status: 409,
      code: "identity_linked_elsewhere",
    });
    await expect(Identity.link({ userId: owner.userId, ...(await identityProof("google")) })).rejects.toMatchObject({
      status: 409,
      code: "provider_already_linked",
    });
    expect((await Identity.list({ userId: other.userId })).items).toEqual([]);
  });

  it("refuses to unlink the last identity, and unlinks one of two", async () => {
    const device = await Account.signup({});
    await Identity.link({ userId: device.userId, ...(await identityProof("apple")) });
    await expect(Identity.unlink({ userId: device.userId, provider: "apple" })).rejects.toMatchObject({
      status: 409,
      code: "last_identity",
    });
    await expect(Identity.unlink({ userId: device.userId, provider: "google" })).rejects.toMatchObject({
      status: 404,
      code: "identity_not_linked",
    });
    await Identity.link({ userId: device.userId, ...(await identityProof("google")) });
    await expect(Identity.unlink({ userId: device.userId, provider: "apple" })).resolves.toMatchObject({
      items: [{ provider: "google" }],
    });
  });

  it("lets only one of two unlinks at once through, so one identity always stays", async () => {
    for (let round = 0; round < 3; round++) {
      const device = await Account.signup({});
      await Identity.link({ userId: device.userId, ...(await identityProof("apple")) });
      await Identity.link({ userId: device.userId, ...(await identityProof("google")) });
      const outcomes = await Promise.allSettled([
        Identity.unlink({ userId: device.userId, provider: "apple" }),
        Identity.unlink({ userId: device.userId, provider: "google" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      expect((await Identity.list({ userId: device.userId })).items).toHaveLength(1);
    }
  });
});
