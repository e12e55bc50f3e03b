// In AWS every call from a Lambda to PlanetScale, Momento or S3 is a network round trip; locally
// each is a loopback call that answers in a fraction of a millisecond, so a route that makes
// fourteen of them looks as fast as one that makes one. Each local server can hold every call
// for a round trip's time, half on the way in and half on the way out. Off unless asked for
// (tests, `pnpm dev`); `pnpm bench` turns on `productionDelays`.

/** A Lambda's round trip to each service in the same region, from the providers' own figures (README, "Performance"). */
export const productionDelays = {
  /** PlanetScale's HTTP API from EC2 in the same region: 3–4 ms for a connect and `SELECT 1` (its HTTP/3 benchmark). */
  databaseMs: 4,
  /** Momento's objective: 2 ms round trip at p99.9. */
  cacheMs: 2,
  /** S3 Standard: "tens of milliseconds" median for small requests (AWS's S3 performance guide). */
  storageMs: 20,
} as const;

/** The environment variable that sets each server's delay when its options do not. */
export const delayVariables = {
  databaseMs: "GOGH_DB_DELAY_MS",
  cacheMs: "GOGH_CACHE_DELAY_MS",
  storageMs: "GOGH_S3_DELAY_MS",
} as const;

/** The delay in milliseconds the option or else the environment variable asks for; 0 when neither does. */
export function delayMs(option: number | undefined, variable: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = option ?? (env[variable]?.trim() ? Number(env[variable]) : 0);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${variable} must be a number of milliseconds ≥ 0`);
  return value;
}

/**
 * A server's adjustable round-trip delay. A server waits `half()` when a call comes in and
 * `half()` again before its answer goes out, as a request and its answer each cross the network
 * once (so that a transaction holds its locks across the round trips, as it would in AWS).
 */
export class RoundTrip {
  constructor(private ms: number) {}

  get delayMs(): number {
    return this.ms;
  }

  set(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("A delay is a number of milliseconds ≥ 0");
    this.ms = ms;
  }

  /** Half the delay; resolves at once when there is none, so that tests pay no timer. */
  half(): Promise<void> | undefined {
    if (this.ms <= 0) return undefined;
    return new Promise((resolve) => setTimeout(resolve, this.ms / 2));
  }
}
