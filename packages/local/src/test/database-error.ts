import { DatabaseError } from "@planetscale/database";
import { expect } from "vitest";

/** The DatabaseError a driver call fails with; the test fails when the call succeeds or fails otherwise. */
export async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(DatabaseError);
  return outcome as DatabaseError;
}
