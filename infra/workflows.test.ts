import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * The GitHub Actions workflows are checked offline with action-validator (the GitHub workflow
 * and action JSON schemas, compiled to WebAssembly and shipped in its npm package), then for
 * the rules of this project: AWS by OIDC role only, PlanetScale by service token and its
 * official setup action.
 */
interface ValidationState {
  errors: unknown[];
}
const validator = createRequire(import.meta.url)("@action-validator/core") as {
  validateWorkflow(source: string): ValidationState;
  validateAction(source: string): ValidationState;
};

const github = new URL("../.github/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, github), "utf8");
const workflows = readdirSync(new URL("workflows/", github)).filter((file) => /\.ya?ml$/.test(file));
const actions = readdirSync(new URL("actions/", github)).map((name) => `actions/${name}/action.yml`);

describe(".github", () => {
  it("has the pull request, staging and production workflows", () => {
    expect(workflows.sort()).toEqual(["production.yml", "pull-request.yml", "staging.yml"]);
  });

  it.each(workflows)("workflows/%s is a valid workflow", (file) => {
    expect(validator.validateWorkflow(read(`workflows/${file}`)).errors).toEqual([]);
  });

  it.each(actions)("%s is a valid action", (path) => {
    expect(validator.validateAction(read(path)).errors).toEqual([]);
  });

  it("refuses a workflow with a mistake in it (the validator really checks)", () => {
    const broken = read("workflows/staging.yml").replace("runs-on:", "run-on:");
    expect(validator.validateWorkflow(broken).errors).not.toEqual([]);
  });

  it("reaches AWS only by an OIDC role and PlanetScale only by service tokens from secrets", () => {
    for (const file of workflows) {
      const text = read(`workflows/${file}`);
      expect(text, file).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i);
      if (!/configure-aws-credentials/.test(text)) continue;
      expect(text, file).toMatch(/role-to-assume: \$\{\{ secrets\.AWS_DEPLOY_ROLE_ARN \}\}/);
      expect(text, file).toMatch(/id-token: write/);
      expect(text, file).toMatch(/uses: planetscale\/setup-pscale-action@v1/);
      expect(text, file).toMatch(/PLANETSCALE_SERVICE_TOKEN: \$\{\{ secrets\.PLANETSCALE_SERVICE_TOKEN \}\}/);
    }
  });

  it("tests pull requests against MariaDB and promotes production through a deploy request", () => {
    expect(read("workflows/pull-request.yml")).toMatch(/image: mariadb:10\.11/);
    expect(read("workflows/staging.yml")).toMatch(/db:migrate --target[\s\S]*sst deploy --stage staging/);
    expect(read("workflows/production.yml")).toMatch(
      /deploy-request create[\s\S]*deploy-request deploy[\s\S]*--wait[\s\S]*sst deploy --stage production/,
    );
  });

  it("runs only scripts that exist and are executable", () => {
    const scripts = workflows.flatMap((file) =>
      [...read(`workflows/${file}`).matchAll(/\.github\/(scripts\/[\w.-]+)/g)].map((match) => match[1]!),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(statSync(new URL(script, github)).mode & 0o111, script).not.toBe(0);
  });
});
