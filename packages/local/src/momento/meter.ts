// Billing and the rate limit, by Momento's published rules (docs.momentohq.com/cache/manage/operations,
// the "operations" that docs.momentohq.com's pricing bills, and docs.momentohq.com/cache/limits):
//
// 1. Every authenticated call costs at least one operation, failed calls included: a miss, a
//    refused argument (no key, a malformed key_base64, a bad TTL), an unknown cache, an item over
//    the size limit, and a call refused for the rate limit are all billed.
// 2. Each started KiB (1024 bytes) of the item a request carries (key + value) and each started
//    KiB of the item its response carries (the value returned) is another operation:
//      operations = max(1, ceil(requestBytes / 1024) + ceil(responseBytes / 1024))
//    A small hit costs 2, a small miss 1, a small set 1, a delete 1; a set of 3 KiB costs 3 and
//    reading it back 4.
// 3. A call refused before its item is stored or read (rule 1's failures other than a miss) is
//    billed the minimum, 1: Momento publishes no byte cost for a refused call.
// 4. A call that fails authentication (no token, a wrong one) is not billed; it is counted as a
//    request.
// 5. The limit counts billed operations per second for the whole account in a region: 100 by
//    default (a soft limit support can raise). Here it is a sliding one-second window; refused
//    calls count in it too, so a client that keeps calling while throttled stays throttled.
import { rateLimited } from "./errors";
import { KIB } from "./limits";

/** The calls of Momento's HTTP API, as the stats name them. */
export type CallKind = "get" | "set" | "delete";

export interface MomentoStats {
  /** Billed operations by kind of call; they add up to `billedOperations`. */
  operations: Partial<Record<CallKind, number>>;
  /** Total billed operations. */
  billedOperations: number;
  /** Calls received, whatever their outcome (unauthenticated ones included). */
  requests: number;
  /** Calls refused with 429 because of the operations limit (each billed one operation). */
  throttled: number;
  /** Calls failed or delayed by an injected fault. */
  faulted: number;
}

const WINDOW_MS = 1_000;

/** Rule 3: what a refused call costs. */
export const REFUSED_CALL_OPERATIONS = 1;

/** Rule 2: the operations of a call that carried `requestBytes` of item and answered `responseBytes`. */
export function callOperations(requestBytes: number, responseBytes: number): number {
  return Math.max(1, Math.ceil(requestBytes / KIB) + Math.ceil(responseBytes / KIB));
}

export class Meter {
  private limit: number;
  /** Operations billed within the last second, oldest first. */
  private recent: { at: number; operations: number }[] = [];
  private counts = emptyStats();

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

  /**
   * Refuses the call when the operations billed within the last second have reached the limit;
   * the refusal is billed (rule 1) and so counts in the window (rule 5).
   */
  checkLimit(kind: CallKind): void {
    if (this.limit === Infinity || this.usedInWindow() < this.limit) return;
    this.counts.throttled++;
    this.bill(kind, REFUSED_CALL_OPERATIONS);
    throw rateLimited(this.limit);
  }

  bill(kind: CallKind, operations: number): void {
    this.counts.operations[kind] = (this.counts.operations[kind] ?? 0) + operations;
    this.counts.billedOperations += operations;
    this.recent.push({ at: this.now(), operations });
    this.prune();
  }

  stats(): MomentoStats {
    return { ...this.counts, operations: { ...this.counts.operations } };
  }

  resetStats(): void {
    this.counts = emptyStats();
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
}

function emptyStats(): MomentoStats {
  return { operations: {}, billedOperations: 0, requests: 0, throttled: 0, faulted: 0 };
}

function checkLimit(operationsPerSecond: number): number {
  if (Number.isNaN(operationsPerSecond) || operationsPerSecond < 0) {
    throw new RangeError(`operationsPerSecond must be >= 0 or Infinity, got ${operationsPerSecond}`);
  }
  return operationsPerSecond;
}
