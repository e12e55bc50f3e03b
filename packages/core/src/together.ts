/**
 * Waits for independent calls made at once (a check and a read, an S3 write beside the
 * database's), and fails as the same calls made one after another would have: with the first
 * failure in argument order, not in time, so a request's error does not depend on which service
 * answered first.
 */
export async function together<T extends readonly unknown[]>(...calls: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(calls);
  const values: unknown[] = [];
  for (const outcome of settled) {
    if (outcome.status === "rejected") throw outcome.reason;
    values.push(outcome.value);
  }
  return values as unknown as T;
}

/**
 * Starts `call` now for a result awaited later (an upload the transaction commits only once it
 * is done); if the work in between fails first, the call's own failure is not left unhandled.
 */
export function started<T>(call: Promise<T>): Promise<T> {
  call.catch(() => undefined);
  return call;
}
