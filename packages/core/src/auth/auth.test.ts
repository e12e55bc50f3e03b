import { jwtVerify, SignJWT, UnsecuredJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, nowSeconds, resetClock } from "../clock";
import { jwtSecret } from "../config";
import { newId } from "../id";
import { accessTokenSeconds, signAccessToken, verifyAccessToken } from "./index";

afterEach(() => resetClock());

/** A token signed with the real key, with the claims a test chooses: what a leaked key or an old bug could make. */
function signed(claims: { iat?: number; exp?: number }): Promise<string> {
  let jwt = new SignJWT({ sid: newId() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(newId())
    .setIssuer("gogh")
    .setAudience("gogh-api");
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
  return jwt.sign(jwtSecret());
}

describe("access tokens", () => {
  it("are accepted as signAccessToken makes them, for their whole lifetime", async () => {
    const token = await signAccessToken({ userId: newId(), sessionId: newId() });
    advanceClock((accessTokenSeconds - 1) * 1000);
    await expect(verifyAccessToken(token)).resolves.toBeDefined();
    const now = nowSeconds();
    await expect(verifyAccessToken(await signed({ iat: now, exp: now + accessTokenSeconds }))).resolves.toBeDefined();
  });

  it.each([
    ["without exp", (now: number) => ({ iat: now })],
    ["without iat", (now: number) => ({ exp: now + 60 })],
    ["living ten years", (now: number) => ({ iat: now, exp: now + 10 * 365 * 86_400 })],
    ["living a second longer than the lifetime", (now: number) => ({ iat: now, exp: now + accessTokenSeconds + 1 })],
    ["issued in the future", (now: number) => ({ iat: now + 120, exp: now + 120 + accessTokenSeconds })],
  ])("are refused %s, with 401 invalid_token", async (_, claims) => {
    const token = await signed(claims(nowSeconds()));
    await expect(verifyAccessToken(token)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });

  it("are standard HS256 JWTs that a JWT library accepts", async () => {
    const userId = newId();
    const token = await signAccessToken({ userId, sessionId: newId() });
    const { payload, protectedHeader } = await jwtVerify(token, jwtSecret(), { issuer: "gogh", audience: "gogh-api" });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.sub).toBe(userId);
    expect(payload.exp! - payload.iat!).toBe(accessTokenSeconds);
  });

  it("are refused once expired", async () => {
    const token = await signAccessToken({ userId: newId(), sessionId: newId() });
    advanceClock(accessTokenSeconds * 1000);
    await expect(verifyAccessToken(token)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });

  const otherKey = new TextEncoder().encode("another key of at least thirty-two characters");
  const claims = () => {
    const now = nowSeconds();
    return { sid: newId(), sub: newId(), iss: "gogh", aud: "gogh-api", iat: now, exp: now + 60 };
  };
  const hs = (alg: string, key: Uint8Array, override: Record<string, unknown> = {}) =>
    new SignJWT({ ...claims(), ...override }).setProtectedHeader({ alg, typ: "JWT" }).sign(key);
  it.each([
    ["signed with another key", () => hs("HS256", otherKey)],
    ["signed with HS512 and our key", () => hs("HS512", jwtSecret())],
    ["unsigned (alg none)", async () => new UnsecuredJWT(claims()).encode()],
    ["of another issuer", () => hs("HS256", jwtSecret(), { iss: "someone" })],
    ["for another audience", () => hs("HS256", jwtSecret(), { aud: "someone" })],
    ["not valid before a later time", () => hs("HS256", jwtSecret(), { nbf: nowSeconds() + 60 })],
    [
      "whose claims were changed after signing",
      async () => {
        const [head, , signature] = (await signAccessToken({ userId: newId(), sessionId: newId() })).split(".");
        return `${head}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.${signature}`;
      },
    ],
    ["malformed", async () => "not.a.token"],
    ["of two parts", async () => "e30.e30"],
    ["empty", async () => ""],
  ])("are refused %s, with 401 invalid_token", async (_, token) => {
    await expect(verifyAccessToken(await token())).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });
});
