import { db } from "@gogh/core/db";
import { expect, it } from "vitest";
import { call, signUp } from "./testing";

// This file breaks its own database on purpose: each test file has its own.
it("keeps the person's values, token and body out of a 5xx line, whose error still says what failed", async () => {
  const { accessToken, userId } = await signUp();
  // The name fits the rules but no longer the column: the UPDATE fails with its values in the message.
  await db()
    .schema.alterTable("profiles")
    .modifyColumn("name", "varchar(10)", (column) => column.notNull())
    .execute();
  const response = await call("PATCH /v1/me", {
    token: accessToken,
    body: { name: "Secret Name", bio: "my private bio" },
  });
  expect(response.status).toBe(500);
  const line = JSON.stringify(response.log);
  for (const secret of ["Secret", "private bio", accessToken, accessToken.split(".")[2]!, "update `profiles`"]) {
    expect(line).not.toContain(secret);
  }
  expect(response.log).toMatchObject({ level: "error", status: 500, userId });
  expect(response.log.error).toMatchObject({
    class: "DatabaseError",
    code: "INVALID_ARGUMENT errno 1406",
    message: expect.stringContaining("Data too long for column 'name'"),
  });
});
