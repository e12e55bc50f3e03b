// The official gRPC SDK, for the calls the HTTP API lacks. This module is only ever loaded with
// a dynamic import(), so that routes which never make such a call never load gRPC (~220 ms).
import {
  CacheClient,
  CacheDeleteResponse,
  CacheGetBatchResponse,
  CacheGetResponse,
  CacheIncrementResponse,
  CacheSetBatchResponse,
  CacheSetIfAbsentResponse,
  CacheSetResponse,
  Configurations,
  CredentialProvider,
  MomentoErrorCode,
  MomentoLocalProvider,
  type SdkError,
} from "@gomomento/sdk";
import type { CacheConfig } from "../config";
import { type CacheBackend, CacheFailure, type FailureKind } from "./backend";

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
