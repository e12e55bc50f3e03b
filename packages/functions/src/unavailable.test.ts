import { signAccessToken } from "@gogh/core/auth";
import { newId } from "@gogh/core/id";
import { relink } from "@gogh/core/testing";
import { expect, it } from "vitest";
import { call } from "./testing";

// This file's database is made unreachable: point the link at a port nobody listens on.
relink("Database", { host: "http://127.0.0.1:9" });

it("answers 503 with Retry-After when the database is unreachable, without internals", async () => {
  const token = await signAccessToken({ userId: newId(), sessionId: newId() });
  const response = await call("GET /v1/me", { token });
  expect(response.status).toBe(503);
  expect(response.headers["retry-after"]).toBe("2");
  expect(response.body).toEqual({
    error: { code: "database_unavailable", message: "The database is unreachable; try again shortly." },
  });
  expect(response.log.level).toBe("error");
});
