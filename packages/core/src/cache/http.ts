import type { CacheConfig } from "../config";

/** "rejected": this one item was refused (too large); the others mean "leave Momento alone a while". */
export type FailureKind = "throttled" | "timeout" | "unavailable" | "rejected" | "other";

/** A failed cache call. The layer above turns every one into a miss. */
export class CacheFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "CacheFailure";
  }
}

/** Momento's hard limits: a TTL of 24 hours, an item of 5 MB (key and value together). */
export const maxTtlSeconds = 24 * 60 * 60;
export const maxItemBytes = 5 * 1024 * 1024;

/**
 * Momento's HTTP API with plain fetch: get, set and delete, all the app needs of Momento (no
 * gRPC to load at cold start). Outcomes are read from statuses only, never from the wording of
 * a body: 404 on a read is a miss, 429 is the account's limit.
 */
export class HttpCache {
  constructor(
    private readonly config: CacheConfig,
    private readonly timeoutMs = 1_000,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const response = await this.call("GET", key);
    return response.status === 404 ? undefined : response.text();
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // Refused here rather than sent: Momento would answer 429, which reads as "back off".
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > maxItemBytes) throw new CacheFailure("rejected", `An item of ${bytes} bytes is over Momento's limit.`);
    await this.call("PUT", key, value, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.call("DELETE", key);
  }

  private async call(method: string, key: string, body?: string, ttlSeconds?: number): Promise<Response> {
    const query = new URLSearchParams({ key });
    if (ttlSeconds !== undefined) query.set("ttl_seconds", String(ttlSeconds));
    let response: Response;
    try {
      response = await fetch(
        `${this.config.httpEndpoint}/cache/${encodeURIComponent(this.config.cacheName)}?${query}`,
        {
          method,
          body,
          headers: { authorization: this.config.apiKey },
          signal: AbortSignal.timeout(this.timeoutMs),
        },
      );
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      throw new CacheFailure(timedOut ? "timeout" : "unavailable", String(error));
    }
    if (response.ok || (method === "GET" && response.status === 404)) return response;
    // The body is drained for the connection's sake, and kept out of logs: it may echo the key.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 429) throw new CacheFailure("throttled", `${method} answered 429`);
    if (response.status >= 500) throw new CacheFailure("unavailable", `${method} answered ${response.status}`);
    throw new CacheFailure("other", `${method} answered ${response.status}`);
  }
}
