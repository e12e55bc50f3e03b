import { sampleAvatar } from "@gogh/core/avatar/testing";
import { sampleRoom } from "@gogh/core/room/testing";
import { describe, expect, it } from "vitest";
import { call, newCaller } from "../testing";

describe("saving with If-Match", () => {
  it("answers the version as the ETag, 412 with the current version when stale, 428 without If-Match", async () => {
    const { accessToken } = await newCaller();
    const body = { name: "Desk", visibility: "public", document: sampleRoom() };
    const created = await call("POST /v1/me/rooms", { token: accessToken, body });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const path = { roomId: created.body.id };

    const missing = await call("PUT /v1/me/rooms/{roomId}", { token: accessToken, path, body });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe("precondition_required");

    const saved = await call("PUT /v1/me/rooms/{roomId}", {
      token: accessToken,
      path,
      body,
      headers: { "if-match": '"1"' },
    });
    expect([saved.status, saved.headers.etag, saved.body.version]).toEqual([200, '"2"', 2]);

    const stale = await call("PUT /v1/me/rooms/{roomId}", {
      token: accessToken,
      path,
      body,
      headers: { "if-match": "1" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: "version_mismatch", currentVersion: 2 });

    const garbled = await call("PUT /v1/me/rooms/{roomId}", {
      token: accessToken,
      path,
      body,
      headers: { "if-match": "*" },
    });
    expect(garbled.status).toBe(400);
  });

  it("takes the avatar's version the same way", async () => {
    const { accessToken } = await newCaller();
    const first = await call("PUT /v1/me/avatar", {
      token: accessToken,
      body: sampleAvatar(),
      headers: { "if-match": '"0"' },
    });
    expect([first.status, first.headers.etag]).toEqual([200, '"1"']);
    const read = await call("GET /v1/me/avatar", { token: accessToken });
    expect(read.headers.etag).toBe('"1"');
    const me = await call("GET /v1/me", { token: accessToken });
    expect(me.body.avatarUrl).toBe(first.body.url);
    const stale = await call("PUT /v1/me/avatar", {
      token: accessToken,
      body: sampleAvatar(),
      headers: { "if-match": 'W/"0"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.currentVersion).toBe(1);
  });
});
