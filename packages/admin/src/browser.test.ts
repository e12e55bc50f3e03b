import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchBrowser } from "../test/browser";

// The browser the console's tests drive: found or unpacked on any machine with Node, no root.
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "gogh-browser-test-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the tests' Chromium", () => {
  it("is CHROMIUM_PATH when set, else a chromium on the PATH", async () => {
    const fake = join(scratch, "chromium");
    await writeFile(fake, "");
    expect(await chromiumPath({ CHROMIUM_PATH: fake, PATH: "/usr/bin" })).toBe(fake);
    expect(await chromiumPath({ PATH: `/nonexistent:${scratch}` })).toBe(fake);
    await expect(chromiumPath({ CHROMIUM_PATH: join(scratch, "missing") })).rejects.toThrow(/does not exist/);
  });

  it("is the npm package's Chromium on a machine without one, and it runs", async () => {
    const path = await chromiumPath({ PATH: "/nonexistent" });
    expect(path).toMatch(/[/\\]gogh[/\\]chromium-[\d.]+[/\\]chromium$/);
    const browser = await launchBrowser({ executablePath: path, profileParent: scratch });
    try {
      const page = await browser.context.newPage();
      await page.setContent("<p>ひまわり</p>");
      expect(await page.textContent("p")).toBe("ひまわり");
    } finally {
      await browser.close();
    }
    expect(await readdir(scratch)).toEqual(["chromium"]);
  });

  it("leaves no profile folder behind when the launch fails", async () => {
    const parent = await mkdtemp(join(scratch, "profiles-"));
    await expect(launchBrowser({ executablePath: "/bin/false", profileParent: parent })).rejects.toThrow();
    expect(await readdir(parent)).toEqual([]);
  });
});
