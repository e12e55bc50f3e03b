import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Account from "../account";
import { advanceClock, now, resetClock } from "../clock";
import { db } from "../db";
import { rowCounts } from "../db/testing";
import { AppError } from "../error";
import { newId } from "../id";
import * as Storage from "../storage";
import { localS3 } from "../storage/testing";
import * as Sticker from "./index";
import { putUpload, publishedSticker, samplePng, uploadedSticker } from "./testing";

let userId: string;

beforeEach(async () => {
  userId = (await Account.signup({})).userId;
});

afterEach(async () => {
  resetClock();
  await localS3.fault("none");
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function upload(body: Uint8Array, declared: { contentType?: Sticker.UploadType; kind?: Sticker.Kind } = {}) {
  const grant = await Sticker.requestUpload({
    userId,
    contentType: declared.contentType ?? "image/png",
    byteLength: body.length,
    kind: declared.kind,
  });
  expect(await putUpload(grant, body)).toBe(200);
  return grant.stickerId;
}

const pendingKey = (stickerId: string) => `pending/stickers/${userId}/${stickerId}`;

describe("an upload, completed", () => {
  it("is re-encoded, published on the CDN with its cache policy, listed, and its pending file removed", async () => {
    const stickerId = await upload(samplePng(40, 30));
    const sticker = await Sticker.complete({ userId, stickerId });
    expect(sticker).toMatchObject({ id: stickerId, kind: "sticker", contentType: "image/png", width: 40, height: 30 });
    const served = await fetch(sticker.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("cache-control")).toBe(Storage.moderatedCacheControl);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(await sharp(new Uint8Array(await served.arrayBuffer())).metadata()).toMatchObject({ width: 40, height: 30 });
    expect(await Storage.headObject(pendingKey(stickerId))).toBeUndefined();
    expect((await Sticker.list({ userId })).items).toEqual([sticker]);
    // Completing again answers the same.
    expect(await Sticker.complete({ userId, stickerId })).toEqual(sticker);
  });

  it("loses every bit of EXIF, GPS included", async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } })
      .jpeg()
      .withExif({
        IFD0: { Make: "GoghTestCam", Model: "Secret Model" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "35/1 41/1 2241/100", GPSLongitudeRef: "E" },
      })
      .toBuffer();
    const before = await sharp(photo).metadata();
    expect(before.exif?.toString("latin1")).toContain("GoghTestCam");
    const sticker = await Sticker.complete({ userId, stickerId: await upload(photo, { contentType: "image/jpeg" }) });
    expect(sticker.contentType).toBe("image/jpeg");
    const published = Buffer.from(await (await fetch(sticker.url)).arrayBuffer());
    const after = await sharp(published).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(published.toString("latin1")).not.toContain("GoghTestCam");
    expect(published.toString("latin1")).not.toContain("Exif");
  });

  it("turns a WebP into a PNG the app can decode", async () => {
    const webp = await sharp({ create: { width: 20, height: 20, channels: 4, background: "#0000" } })
      .webp()
      .toBuffer();
    const sticker = await Sticker.complete({ userId, stickerId: await upload(webp, { contentType: "image/webp" }) });
    expect(sticker).toMatchObject({ contentType: "image/png", width: 20, height: 20 });
    expect(sticker.url).toMatch(/\.png$/);
  });
});

describe("a file that fails a check", () => {
  async function expectRefused(stickerId: string, code: string) {
    const error = await failure(Sticker.complete({ userId, stickerId }));
    expect(error.status).toBe(422);
    expect(error.code).toBe(code);
    // Nothing public, nothing listed, the upload gone.
    expect(await Storage.headObject(`stickers/${stickerId}.png`)).toBeUndefined();
    expect(await Storage.headObject(`stickers/${stickerId}.jpg`)).toBeUndefined();
    expect(await Storage.headObject(pendingKey(stickerId))).toBeUndefined();
    expect((await Sticker.list({ userId })).items).toEqual([]);
  }

  it("is refused when its bytes are no PNG, JPEG or WebP", async () => {
    const gif = new TextEncoder().encode("GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    await expectRefused(await upload(gif), "not_an_image");
  });

  it("is refused when its bytes are another type than declared", async () => {
    await expectRefused(await upload(samplePng(), { contentType: "image/jpeg" }), "type_mismatch");
  });

  it("is refused when it is too small or too large for its kind", async () => {
    await expectRefused(await upload(samplePng(8, 8)), "image_dimensions");
    await expectRefused(await upload(samplePng(1100, 20)), "image_dimensions");
    const poster = await Sticker.complete({ userId, stickerId: await upload(samplePng(1100, 64), { kind: "poster" }) });
    expect(poster).toMatchObject({ kind: "poster", width: 1100, height: 64 });
  });

  it("is refused when it only looks like an image", async () => {
    const truncated = samplePng(64, 64).slice(0, 40);
    await expectRefused(await upload(truncated), "unreadable_image");
  });
});

describe("completing", () => {
  it("before anything was uploaded is a conflict", async () => {
    const grant = await Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 });
    const error = await failure(Sticker.complete({ userId, stickerId: grant.stickerId }));
    expect([error.status, error.code]).toEqual([409, "upload_missing"]);
  });

  it("someone else's sticker is not found", async () => {
    const stickerId = await uploadedSticker(userId);
    const other = (await Account.signup({})).userId;
    expect((await failure(Sticker.complete({ userId: other, stickerId }))).status).toBe(404);
    expect((await failure(Sticker.remove({ userId: other, stickerId }))).status).toBe(404);
  });

  it("with S3 failing answers a retryable 503 and leaves the upload to complete later", async () => {
    const stickerId = await uploadedSticker(userId);
    await localS3.fault("unavailable");
    const error = await failure(Sticker.complete({ userId, stickerId }));
    expect([error.status, error.code, error.retryAfter]).toEqual([503, "storage_unavailable", 2]);
    await localS3.fault("none");
    expect((await Sticker.list({ userId })).items).toEqual([]);
    expect((await Sticker.complete({ userId, stickerId })).id).toBe(stickerId);
  });
});

describe("limits", () => {
  it(`grant at most ${Sticker.maxUploadsPerDay} uploads a day, and more the next day`, async () => {
    for (let i = 0; i < Sticker.maxUploadsPerDay; i++) {
      await Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 });
    }
    const counts = await rowCounts();
    const error = await failure(Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 }));
    expect([error.status, error.code]).toEqual([429, "rate_limited"]);
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.retryAfter).toBeLessThanOrEqual(86_400);
    expect(await rowCounts()).toEqual(counts);
    advanceClock(24 * 60 * 60 * 1000);
    await Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 });
  });

  it(`hold ${Sticker.maxStickers} live stickers per person, even when uploads race for the last place`, async () => {
    const at = now();
    await db()
      .insertInto("stickers")
      .values(
        Array.from({ length: Sticker.maxStickers - 1 }, () => ({
          id: newId(),
          user_id: userId,
          kind: "sticker",
          status: "published",
          upload_type: "image/png",
          upload_bytes: 100,
          published_key: "stickers/x.png",
          published_type: "image/png",
          width: 16,
          height: 16,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect((result.reason as AppError).code).toBe("sticker_limit_reached");
    }
    // An abandoned upload frees its place after an hour.
    advanceClock(61 * 60 * 1000);
    await Sticker.requestUpload({ userId, contentType: "image/png", byteLength: 100 });
  });
});

describe("deleting", () => {
  it("takes the image off the CDN and the sticker out of the list", async () => {
    const sticker = await publishedSticker(userId);
    await Sticker.remove({ userId, stickerId: sticker.id });
    expect((await fetch(sticker.url)).status).toBe(404);
    expect((await Sticker.list({ userId })).items).toEqual([]);
    expect((await failure(Sticker.remove({ userId, stickerId: sticker.id }))).status).toBe(404);
  });

  it("takes the image down again when a deleted sticker's image is found public, on deletion or completion", async () => {
    const sticker = await publishedSticker(userId);
    await Sticker.remove({ userId, stickerId: sticker.id });
    const key = `stickers/${sticker.id}.png`;
    // As a completion that raced the deletion and failed to take its image down would leave it.
    const putBack = () =>
      Storage.putObject({ key, body: samplePng(), contentType: "image/png", cacheControl: "no-store" });
    for (const again of [Sticker.remove, Sticker.complete]) {
      await putBack();
      expect((await fetch(sticker.url)).status).toBe(200);
      expect((await failure(again({ userId, stickerId: sticker.id }))).status).toBe(404);
      expect((await fetch(sticker.url)).status).toBe(404);
    }
  });

  it("of an upload never completed, removes the upload, and a completion after it publishes nothing", async () => {
    const stickerId = await uploadedSticker(userId);
    await Sticker.remove({ userId, stickerId });
    expect(await Storage.headObject(pendingKey(stickerId))).toBeUndefined();
    expect((await failure(Sticker.complete({ userId, stickerId }))).status).toBe(404);
    expect(await Storage.headObject(`stickers/${stickerId}.png`)).toBeUndefined();
  });
});

describe("completions and deletions at once", () => {
  it("publish once when many completions race, and every one answers the same sticker", async () => {
    const stickerId = await upload(samplePng(40, 30));
    const answers = await Promise.all(Array.from({ length: 6 }, () => Sticker.complete({ userId, stickerId })));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect((await Sticker.list({ userId })).items).toEqual([answers[0]]);
    expect((await fetch(answers[0]!.url)).status).toBe(200);
  });

  it("leave nothing public when a deletion races completions, whoever wins", async () => {
    for (let round = 0; round < 3; round++) {
      const stickerId = await upload(samplePng(40, 30));
      const results = await Promise.allSettled([
        Sticker.complete({ userId, stickerId }),
        Sticker.remove({ userId, stickerId }),
        Sticker.complete({ userId, stickerId }),
      ]);
      // The deletion always takes effect. A completion that lost to it answers 404, or 409
      // upload_missing when it came between the deletion taking the upload and marking the row.
      expect(results[1].status).toBe("fulfilled");
      for (const result of [results[0], results[2]]) {
        if (result.status === "rejected") expect([404, 409]).toContain((result.reason as AppError).status);
      }
      expect((await Sticker.list({ userId })).items).toEqual([]);
      expect(await Storage.headObject(`stickers/${stickerId}.png`)).toBeUndefined();
      expect(await Storage.headObject(pendingKey(stickerId))).toBeUndefined();
    }
  });
});

describe("moderation", () => {
  it("hides a sticker from the CDN and every list, shows it to moderators, and can put it back", async () => {
    const sticker = await publishedSticker(userId);
    const kept = await publishedSticker(userId);
    const queue = await Sticker.listForModeration({ status: "published", limit: 100 });
    expect(queue.items.map((item) => item.id)).toContain(sticker.id);

    await Sticker.hide({ stickerId: sticker.id, reason: "Not allowed." });
    expect((await fetch(sticker.url)).status).toBe(404);
    expect((await Sticker.list({ userId })).items.map((item) => item.id)).toEqual([kept.id]);
    const hidden = await Sticker.listForModeration({ status: "hidden" });
    const item = hidden.items.find((entry) => entry.id === sticker.id);
    expect(item).toMatchObject({ userId, status: "hidden", hiddenReason: "Not allowed." });
    // Moderators still see the image, through a short-lived signed link.
    expect((await fetch(item!.previewUrl)).status).toBe(200);
    // The owner cannot complete or delete it back into view.
    expect((await failure(Sticker.complete({ userId, stickerId: sticker.id }))).status).toBe(404);
    expect((await failure(Sticker.remove({ userId, stickerId: sticker.id }))).status).toBe(404);
    // Hiding again is harmless.
    await Sticker.hide({ stickerId: sticker.id, reason: "Still not allowed." });

    await Sticker.unhide({ stickerId: sticker.id });
    expect((await fetch(sticker.url)).status).toBe(200);
    expect((await Sticker.list({ userId })).items.map((entry) => entry.id)).toEqual(
      [kept.id, sticker.id].sort().reverse(),
    );
  });

  it("cannot hide what was never published", async () => {
    const stickerId = await uploadedSticker(userId);
    expect((await failure(Sticker.hide({ stickerId, reason: "x" }))).status).toBe(404);
  });
});
