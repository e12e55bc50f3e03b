import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as Admin from "@gogh/core/admin";

const run = promisify(execFile);
const script = fileURLToPath(new URL("./create-operator.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

/** This test file's database, as the URL `--target` takes. */
function target(): string {
  const { host, username, password } = JSON.parse(process.env.SST_RESOURCE_Database!);
  const url = new URL(host);
  url.username = username;
  url.password = password;
  return url.toString();
}

function createOperator(args: string[], options: { password?: string; stdin?: string } = {}) {
  const env = { ...process.env, GOGH_ADMIN_PASSWORD: options.password };
  if (options.password === undefined) delete env.GOGH_ADMIN_PASSWORD;
  const child = run(tsx, [script, ...args, "--target", target()], { env });
  child.child.stdin?.end(options.stdin ?? "");
  return child;
}

describe("pnpm admin:create-operator", () => {
  it("creates an admin who can log in, with the password from the environment", async () => {
    const { stdout } = await createOperator(["--email", "First@Example.com"], { password: "first admin passphrase" });
    expect(stdout).toMatch(/^Created admin first@example.com/);
    const session = await Admin.login({ email: "first@example.com", password: "first admin passphrase", ip: "::1" });
    expect(session.operator.role).toBe("admin");
  });

  it("reads the password from stdin, and refuses to go on without one", async () => {
    await createOperator(["--email", "piped@example.com", "--role", "viewer"], { stdin: "piped passphrase!\n" });
    const session = await Admin.login({ email: "piped@example.com", password: "piped passphrase!", ip: "::1" });
    expect(session.operator.role).toBe("viewer");
    await expect(createOperator(["--email", "nopass@example.com"])).rejects.toMatchObject({
      stderr: expect.stringMatching(/No password/),
    });
  });

  it("answers an email that is taken, however spelled, with a clear message and exit code 1", async () => {
    await createOperator(["--email", "taken@example.com"], { password: "first admin passphrase" });
    for (const email of ["taken@example.com", "TAKEN@example.com\u0001"]) {
      const refused = await createOperator(["--email", email], { password: "second passphrase!!" }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused).toMatchObject({ code: 1, stderr: "An operator with taken@example.com already exists.\n" });
    }
  });

  it("names what is wrong with the input", async () => {
    const refused = await createOperator(["--email", "not-an-email"], { password: "short" }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(
      /^The request is not valid\.\n  email: Not an email address\.\n  password: A password has at least 12 characters\.\n$/,
    );
  });
});
