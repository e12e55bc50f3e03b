// Real headless Chromium for the console's tests, driven by playwright-core, on any machine with
// Node: CHROMIUM_PATH if set, else a `chromium` on the PATH, else the Chromium build that ships
// inside the @sparticuz/chromium npm tarball (no download at install time, no root). A fresh
// profile every run.
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const screenshotDir = fileURLToPath(new URL("./screenshots/", import.meta.url));

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Where the Chromium the tests drive comes from, in order of preference. */
export async function chromiumPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.`);
    return env.CHROMIUM_PATH;
  }
  return onPath(["chromium", "chromium-browser"], env.PATH ?? "") ?? (await packagedChromium(env));
}

function onPath(names: string[], path: string): string | undefined {
  for (const directory of path.split(delimiter).filter(Boolean)) {
    for (const name of names) if (existsSync(join(directory, name))) return join(directory, name);
  }
  return undefined;
}

/**
 * The npm package's brotli-compressed Chromium, unpacked once per version into the user's cache
 * (about 1.5 s, 190 MB). Written beside its final name and renamed, so test files that start at
 * once never run a half-written binary. Only the browser is unpacked: the package's fonts and
 * GL libraries are for Lambda, and the tests run without a GPU.
 */
async function packagedChromium(env: NodeJS.ProcessEnv): Promise<string> {
  const packageDir = packageRoot(createRequire(import.meta.url).resolve("@sparticuz/chromium"));
  const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
  const cacheDir = join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "gogh", `chromium-${version}`);
  const binary = join(cacheDir, "chromium");
  if (existsSync(binary)) return binary;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(join(packageDir, "bin", "chromium.br")),
      createBrotliDecompress(),
      createWriteStream(partial),
    );
    await chmod(partial, 0o755);
    await rename(partial, binary);
  } finally {
    await rm(partial, { force: true });
  }
  return binary;
}

/** The package's folder, from its entry file (its exports do not include package.json). */
function packageRoot(entry: string): string {
  let directory = dirname(entry);
  while (!existsSync(join(directory, "bin", "chromium.br"))) {
    if (dirname(directory) === directory) throw new Error(`No Chromium build beside ${entry}.`);
    directory = dirname(directory);
  }
  return directory;
}

export async function launchBrowser(
  options: { executablePath?: string; profileParent?: string } = {},
): Promise<Browser> {
  const executablePath = options.executablePath ?? (await chromiumPath());
  await mkdir(screenshotDir, { recursive: true });
  const userDataDir = await mkdtemp(join(options.profileParent ?? tmpdir(), "gogh-admin-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [
        "--no-sandbox",
        "--no-zygote",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
