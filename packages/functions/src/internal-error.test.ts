import { db } from "@gogh/core/db";
import { expect, it } from "vitest";
import { call, signUp } from "./testing";

// This file breaks its own database on purpose: each test file has its own.
it("answers 500 without internals when something unexpected fails, and logs the cause", async () => {
  const { accessToken } = await signUp();
  await db().schema.dropTable("profiles").execute();
  const response = await call("GET /v1/me", { token: accessToken });
  expect(response.status).toBe(500);
  expect(response.body).toEqual({
    error: { code: "internal", message: `Something went wrong on our side (request ${response.log.requestId}).` },
  });
  expect(JSON.stringify(response.body)).not.toMatch(/profiles|errno|SELECT/i);
  expect(response.log).toMatchObject({ level: "error", status: 500, StatusClass: "5xx", ErrorCode: "internal" });
  expect(JSON.stringify(response.log.error)).toContain("errno 1146");
});
