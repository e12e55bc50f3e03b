import * as Transfer from "@gogh/core/transfer";
import { db } from "@gogh/core/db";
import { rowCounts } from "@gogh/core/db/testing";
import { describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";

describe("moving to a new phone with a transfer code", () => {
  it("signs the new phone in to the same account, and the old phone's tokens stop refreshing", async () => {
    const old = await newCaller();
    const issued = await call("POST /v1/me/transfer-code", {
      token: old.accessToken,
      body: { passphrase: "my long passphrase" },
    });
    expect(issued.status).toBe(201);
    const moved = await call("POST /v1/auth/transfer", {
      body: { code: issued.body.code, passphrase: "my long passphrase", platform: "android" },
      sourceIp: "203.0.113.40",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.userId).toBe(old.userId);
    const stale = await call("POST /v1/auth/refresh", { body: { refreshToken: old.refreshToken } });
    expect(stale.status).toBe(401);
  });

  it("answers 401 for a wrong passphrase and writes nothing but the tries counted", async () => {
    const old = await newCaller();
    const { code } = await Transfer.issue({ userId: old.userId, passphrase: "my long passphrase" });
    const before = await rowCounts();
    const response = await call("POST /v1/auth/transfer", {
      body: { code, passphrase: "not my passphrase" },
      sourceIp: "203.0.113.41",
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("invalid_transfer_code");
    expect({ ...(await rowCounts()), rate_limits: 0 }).toEqual({ ...before, rate_limits: 0 });
  });

  it(`lets one person issue ${Transfer.issueLimit.max} codes a day, with more at once`, async () => {
    const caller = await newCaller();
    const extra = 3;
    const responses = await Promise.all(
      Array.from({ length: Transfer.issueLimit.max + extra }, () =>
        call("POST /v1/me/transfer-code", { token: caller.accessToken, body: { passphrase: "my long passphrase" } }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(Transfer.issueLimit.max);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(extra);
    // Each replaced the one before: the account has one live code.
    const live = await db()
      .selectFrom("transfer_codes")
      .select("code_hash")
      .where("account_id", "=", caller.userId)
      .execute();
    expect(live).toHaveLength(1);
  });
});
