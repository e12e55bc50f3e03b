// Billing and the rate limit, the way Momento counts operations
// (docs.momentohq.com/cache/manage/operations): every item or element involved in a call costs
// one operation per started KiB; multi-element collection calls cost half that (rounded up);
// conditional writes and a "consistent" read concern cost double. The limit is a sliding
// one-second window over billed operations, shared by the gRPC and HTTP APIs.
import { KIB } from "./limits";

export interface MomentoStats {
  /** Billed operations by kind ("get", "set", "dictionarySet", "httpGet", ...); they add up to `billedOperations`. */
  operations: Record<string, number>;
  /** Total billed operations. */
  billedOperations: number;
  /** Calls received: gRPC calls plus HTTP requests, whatever their outcome. */
  requests: number;
  /** Calls refused with RESOURCE_EXHAUSTED / 429 because of the operations limit. */
  throttled: number;
  /** Calls failed or delayed by an injected fault. */
  faulted: number;
}

const WINDOW_MS = 1_000;

/** Operations for one item or element of `bytes`: each started KiB counts, and at least one. */
export function itemOperations(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / KIB));
}

/** Operations for a batch call: the sum over its items. */
export function batchOperations(sizes: number[]): number {
  return Math.max(
    1,
    sizes.reduce((sum, bytes) => sum + itemOperations(bytes), 0),
  );
}

/** Operations for a multi-element collection call (complexity factor 0.5): half the elements' operations, rounded up. */
export function multiElementOperations(sizes: number[]): number {
  return Math.max(1, Math.ceil(sizes.reduce((sum, bytes) => sum + itemOperations(bytes), 0) / 2));
}

export class Meter {
  private limit: number;
  /** Operations billed within the last second, oldest first. */
  private recent: { at: number; operations: number }[] = [];
  private counts = this.emptyStats();

  constructor(
    operationsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = checkLimit(operationsPerSecond);
  }

  /** A new limit starts from an empty window: calls billed before it do not count against it. */
  setLimit(operationsPerSecond: number): void {
    this.limit = checkLimit(operationsPerSecond);
    this.recent = [];
  }

  get operationsPerSecond(): number {
    return this.limit;
  }

  countRequest(): void {
    this.counts.requests++;
  }

  countFault(): void {
    this.counts.faulted++;
  }

  countThrottle(): void {
    this.counts.throttled++;
  }

  /** Whether a call may run now: the operations billed within the last second are under the limit. */
  admits(): boolean {
    if (this.limit === Infinity) return true;
    return this.usedInWindow() < this.limit;
  }

  bill(kind: string, operations: number): void {
    this.counts.operations[kind] = (this.counts.operations[kind] ?? 0) + operations;
    this.counts.billedOperations += operations;
    this.recent.push({ at: this.now(), operations });
    this.prune();
  }

  stats(): MomentoStats {
    return { ...this.counts, operations: { ...this.counts.operations } };
  }

  resetStats(): void {
    this.counts = this.emptyStats();
  }

  private usedInWindow(): number {
    this.prune();
    let used = 0;
    for (const entry of this.recent) used += entry.operations;
    return used;
  }

  private prune(): void {
    const since = this.now() - WINDOW_MS;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]!.at <= since) drop++;
    if (drop > 0) this.recent.splice(0, drop);
  }

  private emptyStats(): MomentoStats {
    return { operations: {}, billedOperations: 0, requests: 0, throttled: 0, faulted: 0 };
  }
}

function checkLimit(operationsPerSecond: number): number {
  if (Number.isNaN(operationsPerSecond) || operationsPerSecond < 0) {
    throw new RangeError(`operationsPerSecond must be >= 0 or Infinity, got ${operationsPerSecond}`);
  }
  return operationsPerSecond;
}
