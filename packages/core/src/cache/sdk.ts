// The official gRPC SDK, for the calls the HTTP API lacks. This module is only ever loaded with
// a dynamic import(), so that routes which never make such a call never load gRPC (~220 ms).
import {
  CacheClient,
  CacheDeleteResponse,
  CacheDictionaryFetchResponse,
  CacheDictionarySetFieldResponse,
  CacheGetBatchResponse,
  CacheGetResponse,
  CacheIncrementResponse,
  CacheSetBatchResponse,
  CacheSetIfAbsentResponse,
  CacheSetResponse,
  CacheSortedSetFetchResponse,
  CacheSortedSetGetScoreResponse,
  CacheSortedSetLengthByScoreResponse,
  CacheSortedSetPutElementResponse,
  CacheSortedSetRemoveElementsResponse,
  CollectionTtl,
  Configurations,
  CredentialProvider,
  MomentoErrorCode,
  MomentoLocalProvider,
  type SdkError,
} from "@gomomento/sdk";
import type { CacheConfig } from "../config";
import { type CacheBackend, CacheFailure, type FailureKind, type ScoredElement, type ScoreRange } from "./backend";

export class SdkCache implements CacheBackend {
  // `new CacheClient` connects lazily; CacheClient.create() would throw into a cold start on a timeout.
  private readonly client: CacheClient;

  constructor(private readonly config: CacheConfig) {
    const [hostname, port] = config.localEndpoint.split(":");
    this.client = new CacheClient({
      configuration: Configurations.Lambda.latest(),
      credentialProvider: config.localEndpoint
        ? new MomentoLocalProvider({ hostname, port: Number(port) })
        : CredentialProvider.fromString({ apiKey: config.apiKey }),
      defaultTtlSeconds: 60,
    });
  }

  async get(key: string): Promise<string | undefined> {
    const response = await this.client.get(this.config.cacheName, key);
    if (response.type === CacheGetResponse.Hit) return response.valueString();
    if (response.type === CacheGetResponse.Miss) return undefined;
    throw failure(response.innerException());
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const response = await this.client.set(this.config.cacheName, key, value, { ttl: ttlSeconds });
    if (response.type === CacheSetResponse.Error) throw failure(response.innerException());
  }

  async delete(key: string): Promise<void> {
    const response = await this.client.delete(this.config.cacheName, key);
    if (response.type === CacheDeleteResponse.Error) throw failure(response.innerException());
  }

  async getMany(keys: string[]): Promise<Map<string, string>> {
    const response = await this.client.getBatch(this.config.cacheName, keys);
    if (response.type === CacheGetBatchResponse.Error) throw failure(response.innerException());
    return new Map(Object.entries(response.values()));
  }

  async setMany(entries: Map<string, string>, ttlSeconds: number): Promise<void> {
    const response = await this.client.setBatch(this.config.cacheName, entries, { ttl: ttlSeconds });
    if (response.type === CacheSetBatchResponse.Error) throw failure(response.innerException());
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const response = await this.client.setIfAbsent(this.config.cacheName, key, value, { ttl: ttlSeconds });
    if (response.type === CacheSetIfAbsentResponse.Stored) return true;
    if (response.type === CacheSetIfAbsentResponse.NotStored) return false;
    throw failure(response.innerException());
  }

  async increment(key: string, by: number, ttlSeconds: number): Promise<number> {
    const response = await this.client.increment(this.config.cacheName, key, by, { ttl: ttlSeconds });
    if (response.type === CacheIncrementResponse.Success) return response.value();
    throw failure(response.innerException());
  }

  async sortedSetPut(key: string, element: string, score: number, ttlSeconds: number): Promise<void> {
    const response = await this.client.sortedSetPutElement(this.config.cacheName, key, element, score, {
      ttl: CollectionTtl.of(ttlSeconds).withRefreshTtlOnUpdates(),
    });
    if (response.type === CacheSortedSetPutElementResponse.Error) throw failure(response.innerException());
  }

  async sortedSetScore(key: string, element: string): Promise<number | undefined> {
    const response = await this.client.sortedSetGetScore(this.config.cacheName, key, element);
    if (response.type === CacheSortedSetGetScoreResponse.Hit) return response.score();
    if (response.type === CacheSortedSetGetScoreResponse.Miss) return undefined;
    throw failure(response.innerException());
  }

  async sortedSetCount(key: string, minScore: number): Promise<number> {
    const response = await this.client.sortedSetLengthByScore(this.config.cacheName, key, { minScore });
    if (response.type === CacheSortedSetLengthByScoreResponse.Hit) return response.length();
    if (response.type === CacheSortedSetLengthByScoreResponse.Miss) return 0;
    throw failure(response.innerException());
  }

  async sortedSetRange(key: string, range: ScoreRange): Promise<ScoredElement[]> {
    const response = await this.client.sortedSetFetchByScore(this.config.cacheName, key, {
      minScore: range.minScore,
      maxScore: range.maxScore,
      count: range.limit,
    });
    if (response.type === CacheSortedSetFetchResponse.Hit) {
      return response.valueArray().map(({ value, score }) => ({ element: value, score }));
    }
    if (response.type === CacheSortedSetFetchResponse.Miss) return [];
    throw failure(response.innerException());
  }

  async sortedSetRemove(key: string, elements: string[]): Promise<void> {
    const response = await this.client.sortedSetRemoveElements(this.config.cacheName, key, elements);
    if (response.type === CacheSortedSetRemoveElementsResponse.Error) throw failure(response.innerException());
  }

  async dictionarySet(key: string, field: string, value: string, ttlSeconds: number): Promise<void> {
    const response = await this.client.dictionarySetField(this.config.cacheName, key, field, value, {
      ttl: CollectionTtl.of(ttlSeconds).withRefreshTtlOnUpdates(),
    });
    if (response.type === CacheDictionarySetFieldResponse.Error) throw failure(response.innerException());
  }

  async dictionaryGetAll(key: string): Promise<Map<string, string>> {
    const response = await this.client.dictionaryFetch(this.config.cacheName, key);
    if (response.type === CacheDictionaryFetchResponse.Hit) return new Map(Object.entries(response.valueRecord()));
    if (response.type === CacheDictionaryFetchResponse.Miss) return new Map();
    throw failure(response.innerException());
  }
}

function failure(error: SdkError): CacheFailure {
  // LIMIT_EXCEEDED also covers an item over Momento's size limit, which is no reason to back off.
  const metadata = error.transportDetails().grpc.metadata as { get?(key: string): unknown[] } | undefined;
  const tooLarge = String(metadata?.get?.("err") ?? "").includes("size_limit");
  return new CacheFailure(tooLarge ? "rejected" : kindOf(error.errorCode()), error.message);
}

function kindOf(code: MomentoErrorCode): FailureKind {
  if (code === MomentoErrorCode.LIMIT_EXCEEDED_ERROR) return "throttled";
  if (code === MomentoErrorCode.TIMEOUT_ERROR) return "timeout";
  if (code === MomentoErrorCode.SERVER_UNAVAILABLE || code === MomentoErrorCode.CONNECTION_ERROR) return "unavailable";
  return "other";
}
