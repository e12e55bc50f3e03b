import { describe, expect, it } from "vitest";
import { started, together } from "./together";

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe("together", () => {
  it("answers every value in argument order", async () => {
    await expect(together(later(5, "a"), later(1, 2))).resolves.toEqual(["a", 2]);
  });

  it("fails with the first failure in argument order, even when a later one failed sooner", async () => {
    await expect(together(failLater(10, "first"), failLater(1, "second"))).rejects.toThrow("first");
    await expect(together(later(10, "ok"), failLater(1, "second"))).rejects.toThrow("second");
  });

  it("waits for every call before failing, so none is still running when the caller moves on", async () => {
    let finished = false;
    const slow = later(10, undefined).then(() => {
      finished = true;
    });
    await expect(together(failLater(1, "fast"), slow)).rejects.toThrow("fast");
    expect(finished).toBe(true);
  });
});

describe("started", () => {
  it("hands back the call's own outcome", async () => {
    await expect(started(later(1, 7))).resolves.toBe(7);
    await expect(started(failLater(1, "upload failed"))).rejects.toThrow("upload failed");
  });

  it("leaves no unhandled rejection when nobody awaits a failed call", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      started(failLater(1, "nobody waits"));
      await later(20, undefined);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
