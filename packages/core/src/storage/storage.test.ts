import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, resetClock } from "../clock";
import { storageConfig } from "../config";
import { Unavailable } from "../error";
import { newId } from "../id";
import * as Storage from "./index";
import { localS3 } from "./testing";

afterEach(async () => {
  resetClock();
  await localS3.fault("none");
});

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

async function upload(url: string, body: Uint8Array, contentType: string) {
  const response = await fetch(url, { method: "PUT", body, headers: { "content-type": contentType } });
  return { status: response.status, text: await response.text() };
}

describe("presigned uploads", () => {
  const pendingKey = () => `pending/test/${newId()}`;
  const presign = (key: string, extra: { byteLength?: number; expiresInSeconds?: number } = {}) =>
    Storage.presignUpload({
      key,
      contentType: "image/png",
      byteLength: extra.byteLength ?? png.length,
      expiresInSeconds: extra.expiresInSeconds ?? 300,
    });

  it("accept exactly the bytes they were signed for, which then stay private", async () => {
    const key = pendingKey();
    const { url, headers, expiresAt } = await presign(key);
    expect(headers).toEqual({ "content-type": "image/png" });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(290_000);
    expect((await upload(url, png, "image/png")).status).toBe(200);
    expect(await Storage.headObject(key)).toEqual({ byteLength: png.length, contentType: "image/png" });
    // Neither the CDN nor an unsigned request reaches a pending upload.
    expect((await fetch(`${storageConfig().cdnUrl}/${key}`)).status).toBe(404);
    expect((await fetch(`${storageConfig().endpoint}/${storageConfig().bucket}/${key}`)).status).toBe(403);
  });

  it("refuse another length", async () => {
    const key = pendingKey();
    const { url } = await presign(key, { byteLength: png.length + 1 });
    const refused = await upload(url, png, "image/png");
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("SignatureDoesNotMatch");
    expect(await Storage.headObject(key)).toBeUndefined();
  });

  it("refuse another content type", async () => {
    const key = pendingKey();
    const { url } = await presign(key);
    expect((await upload(url, png, "text/html")).status).toBe(403);
    expect(await Storage.headObject(key)).toBeUndefined();
  });

  it("refuse another key", async () => {
    const key = pendingKey();
    const { url } = await presign(key);
    const other = `stickers/${newId()}.png`;
    const tampered = url.replace(key, other);
    expect(tampered).not.toBe(url);
    expect((await upload(tampered, png, "image/png")).status).toBe(403);
    expect(await Storage.headObject(other)).toBeUndefined();
  });

  it("refuse an upload after they expire", async () => {
    const key = pendingKey();
    // Signed five minutes and a second ago, valid for five minutes.
    advanceClock(-301_000);
    const { url } = await presign(key, { expiresInSeconds: 300 });
    resetClock();
    const refused = await upload(url, png, "image/png");
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("Request has expired");
    expect(await Storage.headObject(key)).toBeUndefined();
  });
});

describe("published objects", () => {
  it("are served by the CDN with the cache headers they were written with", async () => {
    const key = `rooms/${newId()}/v1.json`;
    const body = new TextEncoder().encode('{"hello":"world"}');
    await Storage.putObject({
      key,
      body,
      contentType: "application/json",
      cacheControl: Storage.immutableCacheControl,
    });
    expect(Storage.publicUrl(key)).toBe(`${storageConfig().cdnUrl}/${key}`);
    const response = await fetch(Storage.publicUrl(key));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, s-maxage=300, immutable");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe('{"hello":"world"}');
  });

  it("can be copied and deleted; the CDN stops serving a deleted object", async () => {
    const key = `stickers/${newId()}.png`;
    const hidden = `hidden/${key}`;
    await Storage.putObject({ key, body: png, contentType: "image/png", cacheControl: Storage.moderatedCacheControl });
    await Storage.copyObject(key, hidden);
    await Storage.deleteObject(key);
    expect((await fetch(Storage.publicUrl(key))).status).toBe(404);
    expect((await fetch(Storage.publicUrl(hidden))).status).toBe(404);
    const copy = await Storage.getObject(hidden, { maxBytes: 1024 });
    expect(copy?.body).toEqual(png);
    expect(copy?.contentType).toBe("image/png");
    await Storage.deleteObject(key);
  });

  it("refuses to read an object larger than asked for", async () => {
    const key = `pending/test/${newId()}`;
    await Storage.putObject({ key, body: png, contentType: "image/png", cacheControl: "no-store" });
    await expect(Storage.getObject(key, { maxBytes: 4 })).rejects.toThrow(/over 4/);
  });
});

describe("a failing S3", () => {
  it("turns into a retryable 503", async () => {
    await localS3.fault("unavailable");
    const error = await Storage.headObject("rooms/x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Unavailable);
    expect((error as Unavailable).code).toBe("storage_unavailable");
  });
});
