import { SignJWT } from "jose";
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
});
