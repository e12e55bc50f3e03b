import { DatabaseError } from "@planetscale/database";
import { describe, expect, it } from "vitest";
import { Unavailable } from "./error";
import { describeError, scrubMessage } from "./log";

// As PlanetScale words them (and the local simulator after it): the statement comes back with the values in it.
const tooLong =
  "target: gogh.-.primary: vttablet: rpc error: code = InvalidArgument desc = Data too long for column 'name' at row 1 " +
  "(errno 1406) (sqlstate 22001) (CallerID: gogh): Sql: \"update `profiles` set `name` = 'Secret Name', `bio` = 'my \\'private\\' bio' where `user_id` = '01J0'\", BindVars: {REDACTED}";
const duplicate =
  "target: gogh.-.primary: vttablet: rpc error: code = AlreadyExists desc = Duplicate entry 'alice@example.com' for key " +
  "'admin_operators_email' (errno 1062) (sqlstate 23000) (CallerID: gogh): Sql: \"insert into admin_operators ...\", BindVars: {REDACTED}";

describe("log lines", () => {
  it("leave the statement and the quoted values out of an error's message, keeping names of columns, keys and tables", () => {
    expect(scrubMessage(tooLong)).toBe(
      "target: gogh.-.primary: vttablet: rpc error: code = InvalidArgument desc = Data too long for column 'name' at row 1 " +
        "(errno 1406) (sqlstate 22001) (CallerID: gogh): Sql: (omitted)",
    );
    expect(scrubMessage(duplicate)).toContain("Duplicate entry '?' for key 'admin_operators_email' (errno 1062)");
    expect(scrubMessage(`Unexpected token 'S', "Secret Name" is not valid JSON`)).toBe(
      `Unexpected token '?', "?" is not valid JSON`,
    );
    expect(scrubMessage("Table 'gogh_t1.profiles' doesn't exist (errno 1146)")).toBe(
      "Table 'gogh_t1.profiles' doesn't exist (errno 1146)",
    );
    expect(scrubMessage("x".repeat(1000))).toHaveLength(301);
  });

  it("reduce an error to its class, code, scrubbed message and frames, causes included", () => {
    const cause = new DatabaseError(tooLong, 400, { code: "INVALID_ARGUMENT", message: tooLong });
    const error = new Unavailable("The database is unavailable; try again shortly.", {
      code: "database_unavailable",
      cause,
    });
    const { error: summary } = describeError(error);
    expect(summary).toMatchObject({
      class: "Unavailable",
      code: "database_unavailable",
      message: "The database is unavailable; try again shortly.",
      cause: { class: "DatabaseError", code: "INVALID_ARGUMENT errno 1406" },
    });
    expect(summary.frames?.[0]).toMatch(/^at .*log\.test\.ts/);
    const line = JSON.stringify(summary);
    for (const secret of ["Secret Name", "private", "01J0", "update `profiles`"]) expect(line).not.toContain(secret);
  });
});
