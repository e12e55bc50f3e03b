import { describe, expect, it } from "vitest";
import { storageConfig } from "../config";
import { newId } from "../id";
import * as Storage from "./index";

const body = new TextEncoder().encode("{}");
const put = (key: string) =>
  Storage.putObject({ key, body, contentType: "application/json", cacheControl: Storage.immutableCacheControl });

describe("removing content", () => {
  it("lists every key under a prefix, past a page, and no other", async () => {
    const prefix = `rooms/${newId()}/`;
    const keys = Array.from({ length: 1005 }, (_, i) => `${prefix}v${i}-${"0".repeat(16)}.json`);
    for (let start = 0; start < keys.length; start += 50) await Promise.all(keys.slice(start, start + 50).map(put));
    await put(`rooms/${newId()}/v1.json`);
    expect((await Storage.listKeys(prefix)).sort()).toEqual([...keys].sort());
  }, 120_000);

  it("deletes everything under the prefixes and the keys given, and what is missing is fine", async () => {
    const room = `rooms/${newId()}/`;
    const avatar = `avatars/${newId()}/`;
    const sticker = `stickers/${newId()}.png`;
    const kept = `rooms/${newId()}/v1.json`;
    await Promise.all([put(`${room}v1.json`), put(`${room}v2.json`), put(`${avatar}v1.json`), put(sticker), put(kept)]);
    const removed = await Storage.deleteAll({
      prefixes: [room, avatar],
      keys: [sticker, `hidden/${sticker}`],
    });
    expect(removed).toBe(5);
    expect(await Storage.listKeys(room)).toEqual([]);
    expect(await Storage.listKeys(avatar)).toEqual([]);
    expect(await Storage.headObject(sticker)).toBeUndefined();
    expect(await Storage.headObject(kept)).toBeDefined();
    expect((await fetch(`${storageConfig().cdnUrl}/${room}v1.json`)).status).toBe(404);
  });
});
