import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs one of this folder's .mjs probes in a brand-new `node` process (no tsx loader, no
 * NODE_OPTIONS, only the given environment) and returns the JSON object it printed on a line
 * of its own as `{"bench": ...}`; the handler's own log lines around it are ignored.
 */
export function runProbe<T>(
  probe: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<T> {
  const script = fileURLToPath(new URL(probe, import.meta.url));
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((text) => text.startsWith('{"bench":'));
      if (code !== 0 || !line) {
        reject(
          new Error(`${probe} ${args.join(" ")} exited with ${signal ?? code}: ${stderr.trim() || stdout.trim()}`),
        );
        return;
      }
      resolve((JSON.parse(line) as { bench: T }).bench);
    });
  });
}
