import type { CacheConfig } from "../config";
import { type CacheBackend, CacheFailure, type ScoredElement, type ScoreRange } from "./backend";

/**
 * Momento's HTTP API with plain fetch: get, set and delete without loading gRPC, which is what
 * most routes need. It has no batch, conditional, increment or collection (sorted set,
 * dictionary) calls; those go to `fallback`.
 */
export class HttpCache implements CacheBackend {
  constructor(
    private readonly config: CacheConfig,
    private readonly fallback: () => Promise<CacheBackend>,
    private readonly timeoutMs = 1_000,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const response = await this.call("GET", key);
    if (response.status === 404) {
      // 404 also means "no such cache": that is a misconfiguration, not a miss to shrug off.
      const text = await response.text();
      if (/cache not found/i.test(text)) throw new CacheFailure("other", text);
      return undefined;
    }
    return response.text();
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.call("PUT", key, value, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.call("DELETE", key);
  }

  async getMany(keys: string[]): Promise<Map<string, string>> {
    const values = await Promise.all(keys.map((key) => this.get(key)));
    const found = new Map<string, string>();
    keys.forEach((key, index) => values[index] !== undefined && found.set(key, values[index]));
    return found;
  }

  async setMany(entries: Map<string, string>, ttlSeconds: number): Promise<void> {
    await Promise.all([...entries].map(([key, value]) => this.set(key, value, ttlSeconds)));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.fallback()).setIfAbsent(key, value, ttlSeconds);
  }

  async increment(key: string, by: number, ttlSeconds: number): Promise<number> {
    return (await this.fallback()).increment(key, by, ttlSeconds);
  }

  async sortedSetPut(key: string, element: string, score: number, ttlSeconds: number): Promise<void> {
    return (await this.fallback()).sortedSetPut(key, element, score, ttlSeconds);
  }

  async sortedSetScore(key: string, element: string): Promise<number | undefined> {
    return (await this.fallback()).sortedSetScore(key, element);
  }

  async sortedSetCount(key: string, minScore: number): Promise<number> {
    return (await this.fallback()).sortedSetCount(key, minScore);
  }

  async sortedSetRange(key: string, range: ScoreRange): Promise<ScoredElement[]> {
    return (await this.fallback()).sortedSetRange(key, range);
  }

  async sortedSetRemove(key: string, elements: string[]): Promise<void> {
    return (await this.fallback()).sortedSetRemove(key, elements);
  }

  async dictionarySet(key: string, field: string, value: string, ttlSeconds: number): Promise<void> {
    return (await this.fallback()).dictionarySet(key, field, value, ttlSeconds);
  }

  async dictionaryGetAll(key: string): Promise<Map<string, string>> {
    return (await this.fallback()).dictionaryGetAll(key);
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
    const text = await response.text();
    // Momento answers 429 for an item over its size limit too, which is no reason to back off.
    if (response.status === 429) throw new CacheFailure(/size_limit/.test(text) ? "rejected" : "throttled", text);
    if (response.status >= 500) throw new CacheFailure("unavailable", `${response.status} ${text}`);
    throw new CacheFailure("other", `${response.status} ${text}`);
  }
}
