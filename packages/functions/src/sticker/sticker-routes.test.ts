import { storageConfig } from "@gogh/core/config";
import { db } from "@gogh/core/db";
import { uploadedSticker } from "@gogh/core/sticker/testing";
import { describe, expect, it } from "vitest";
import { type CallResult, call, newCaller } from "../testing";

/** Lets `turns` rounds of I/O pass (no timer): a head start that varies how two requests interleave. */
async function headStart(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function statusOf(stickerId: string): Promise<string | undefined> {
  return (await db().selectFrom("stickers").select("status").where("id", "=", stickerId).executeTakeFirst())?.status;
}

describe("completing and deleting a sticker at once", () => {
  it("never leaves a deleted sticker's image on the CDN, and never answers 500", async () => {
    const { userId, accessToken } = await newCaller();
    for (let round = 0; round < 20; round++) {
      const stickerId = await uploadedSticker(userId);
      const request = { token: accessToken, path: { id: stickerId } };
      // Each round gives one of the two a different head start.
      const completeFirst = round % 2 === 0;
      const turns = Math.floor(round / 2) * 3;
      const [completed, deleted] = await Promise.all([
        (async (): Promise<CallResult> => {
          if (!completeFirst) await headStart(turns);
          return call("POST /v1/stickers/{id}/complete", request);
        })(),
        (async (): Promise<CallResult> => {
          if (completeFirst) await headStart(turns);
          return call("DELETE /v1/stickers/{id}", request);
        })(),
      ]);
      const where = `round ${round}: complete ${completed.status} ${JSON.stringify(completed.body)}, delete ${deleted.status} ${JSON.stringify(deleted.body)}`;
      // The deletion always wins in the end; the completion published first (200), found it
      // gone (404), or found its upload gone (409).
      expect(deleted.status, where).toBe(204);
      expect([200, 404, 409], where).toContain(completed.status);
      expect(await statusOf(stickerId), where).toBe("deleted");
      for (const extension of ["png", "jpg"]) {
        const served = await fetch(`${storageConfig().cdnUrl}/stickers/${stickerId}.${extension}`);
        await served.body?.cancel();
        expect(served.status, `${where}: .${extension} on the CDN`).toBe(404);
      }
    }
  });
});
