import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import {
  assertReachable,
  connectMysql,
  createDatabase,
  dropDatabase,
  dropDatabasesWithPrefix,
  mysqlTarget,
  query,
  uniqueDatabaseName,
} from "./mysql";

const target = mysqlTarget();
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropDatabase(target, name);
});

describe("mysqlTarget", () => {
  it("defaults to root without a password on 127.0.0.1:3306", () => {
    expect(mysqlTarget({})).toEqual({ host: "127.0.0.1", port: 3306, user: "root", password: "" });
  });

  it("reads DATABASE_URL, ignoring the path", () => {
    expect(mysqlTarget({ DATABASE_URL: "mysql://app:p%40ss@db.local:3307/ignored" })).toEqual({
      host: "db.local",
      port: 3307,
      user: "app",
      password: "p@ss",
    });
  });

  it("explains a DATABASE_URL that is not a MySQL URL", () => {
    expect(() => mysqlTarget({ DATABASE_URL: "postgres://x@y/z" })).toThrow(/mysql:\/\/user:pass@host:port/);
  });
});

describe("assertReachable", () => {
  it("passes for the local server", async () => {
    await expect(assertReachable(target)).resolves.toBeUndefined();
  });

  it("says how to install, start or point at a server when nothing listens", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await assertReachable({ ...target, port }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/No MySQL\/MariaDB server is listening on 127\.0\.0\.1:\d+/);
    expect((error as Error).message).toContain("sudo apt-get install mariadb-server");
    expect((error as Error).message).toContain("brew install mariadb");
    expect((error as Error).message).toContain("DATABASE_URL=mysql://user:pass@host:port");
  });

  it("says when the user is refused", async () => {
    const error = await assertReachable({ ...target, user: "nobody_gogh", password: "wrong" }).catch(
      (caught: Error) => caught,
    );
    expect((error as Error).message).toMatch(/refused user "nobody_gogh"/);
  });
});

describe("databases", () => {
  it("makes unique, safe names from a prefix", () => {
    const first = uniqueDatabaseName("gogh_test");
    expect(first).toMatch(/^gogh_test_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(uniqueDatabaseName("gogh_test")).not.toBe(first);
    expect(uniqueDatabaseName("bad-name; drop")).toMatch(/^bad_name__drop_/);
    expect(uniqueDatabaseName("x".repeat(100)).length).toBeLessThanOrEqual(64);
  });

  it("creates a utf8mb4 NO PAD database idempotently and drops it", async () => {
    const name = uniqueDatabaseName("gogh_test_mysql");
    created.push(name);
    await createDatabase(target, name);
    await createDatabase(target, name);
    const connection = await connectMysql(target);
    try {
      const rows = (await query(
        connection,
        `SELECT default_character_set_name AS charset, default_collation_name AS collation FROM information_schema.schemata WHERE schema_name = '${name}'`,
      )) as { charset: string; collation: string }[];
      expect(rows).toEqual([{ charset: "utf8mb4", collation: "utf8mb4_unicode_520_nopad_ci" }]);
      await dropDatabase(target, name);
      expect(await query(connection, `SHOW DATABASES LIKE '${name}'`)).toEqual([]);
    } finally {
      connection.destroy();
    }
  });

  it("drops every database with a prefix", async () => {
    const prefix = `gogh_test_${Date.now().toString(36)}_`;
    await createDatabase(target, `${prefix}a`);
    await createDatabase(target, `${prefix}b`);
    await dropDatabasesWithPrefix(target, prefix);
    const connection = await connectMysql(target);
    try {
      expect(await query(connection, `SHOW DATABASES LIKE '${prefix.replace(/_/g, "\\_")}%'`)).toEqual([]);
    } finally {
      connection.destroy();
    }
  });

  it("refuses names that are not plain identifiers", async () => {
    await expect(createDatabase(target, "x`; DROP DATABASE mysql; --")).rejects.toThrow(/Unsafe database name/);
  });
});
