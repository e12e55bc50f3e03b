import * as Identity from "@gogh/core/identity";
import { identityProof, newSubject } from "@gogh/core/identity/testing";
import { rowCounts } from "@gogh/core/db/testing";
import { advanceClock, resetClock } from "@gogh/core/clock";
import { afterEach, describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";

afterEach(() => resetClock());

describe("POST /v1/auth/identity", () => {
  it("signs a second device in to the account the identity made, and says whether it made one", async () => {
    const subject = newSubject("apple");
    const first = await call("POST /v1/auth/identity", {
      body: await identityProof("apple", { subject }),
      sourceIp: "203.0.113.10",
    });
    expect(first.status).toBe(200);
    expect(first.body.accountCreated).toBe(true);
    const second = await call("POST /v1/auth/identity", {
      body: { ...(await identityProof("apple", { subject, platform: "android" })), deviceLabel: "New phone" },
      sourceIp: "203.0.113.11",
    });
    expect(second.body).toMatchObject({ userId: first.body.userId, accountCreated: false });
    const me = await call("GET /v1/me", { token: second.body.accessToken });
    expect(me.body.userId).toBe(first.body.userId);
  });

  it("answers 401 for an expired token and writes nothing but the address's count", async () => {
    const proof = await identityProof("google");
    advanceClock(3601 * 1000);
    const before = await rowCounts();
    const response = await call("POST /v1/auth/identity", { body: proof, sourceIp: "203.0.113.12" });
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({ code: "invalid_identity_token", message: "The identity token has expired." });
    expect({ ...(await rowCounts()), rate_limits: 0 }).toEqual({ ...before, rate_limits: 0 });
  });

  it(`allows ${Identity.signInLimit.max} sign-ins an hour from one address, with more at once, and writes nothing for the rest`, async () => {
    const extra = 5;
    const proofs = await Promise.all(
      Array.from({ length: Identity.signInLimit.max + extra }, () => identityProof("google")),
    );
    const before = await rowCounts();
    const responses = await Promise.all(
      proofs.map((proof) => call("POST /v1/auth/identity", { body: proof, sourceIp: "203.0.113.20" })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(Identity.signInLimit.max);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused).toHaveLength(extra);
    for (const response of refused) {
      expect(response.body.error.code).toBe("rate_limited");
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect((await rowCounts()).accounts).toBe(before.accounts! + Identity.signInLimit.max);
  });
});

describe("POST /v1/me/identities", () => {
  it("answers 409 identity_linked_elsewhere for an identity another account has, and links nothing", async () => {
    const owner = await newCaller();
    const other = await newCaller();
    const subject = newSubject("google");
    const linked = await call("POST /v1/me/identities", {
      token: owner.accessToken,
      body: await identityProof("google", { subject }),
    });
    expect(linked.status).toBe(200);
    const taken = await call("POST /v1/me/identities", {
      token: other.accessToken,
      body: await identityProof("google", { subject }),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("identity_linked_elsewhere");
    expect((await call("GET /v1/me/identities", { token: other.accessToken })).body).toEqual({ items: [] });
  });

  it(`allows ${Identity.linkLimit.max} links an hour per person, with more at once`, async () => {
    const caller = await newCaller();
    const proof = await identityProof("apple");
    const extra = 5;
    const responses = await Promise.all(
      Array.from({ length: Identity.linkLimit.max + extra }, () =>
        call("POST /v1/me/identities", { token: caller.accessToken, body: proof }),
      ),
    );
    // The first links; the others within the limit find it linked to them already.
    expect(responses.filter((response) => response.status === 200)).toHaveLength(Identity.linkLimit.max);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(extra);
    expect((await call("GET /v1/me/identities", { token: caller.accessToken })).body.items).toHaveLength(1);
  });
});

describe("DELETE /v1/me/identities/{provider}", () => {
  it("refuses to unlink the last identity with 409 last_identity", async () => {
    const caller = await newCaller();
    await call("POST /v1/me/identities", { token: caller.accessToken, body: await identityProof("apple") });
    const response = await call("DELETE /v1/me/identities/{provider}", {
      token: caller.accessToken,
      path: { provider: "apple" },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("last_identity");
  });
});
