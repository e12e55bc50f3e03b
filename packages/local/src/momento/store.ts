// The cache's items: values under byte keys, each with its own expiry. Expired items are
// dropped lazily on access and by `sweep()`, which the server runs on a timer.
import { invalidArgument, itemTooLarge } from "./errors";
import { MAX_ITEM_BYTES, MAX_TTL_MS } from "./limits";

interface Item {
  value: Buffer;
  expiresAt: number;
}

// latin1 maps each byte to one character, so any byte key is a distinct Map key.
const mapKey = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");

export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw invalidArgument(`TTL must be positive, got ${ttlMs} ms`);
  if (ttlMs > MAX_TTL_MS) throw invalidArgument(`TTL ${ttlMs} ms is over the maximum of ${MAX_TTL_MS} ms (24 hours)`);
}

/** Refuses an item over Momento's size limit; `valueBytes` may exceed what was kept of the value. */
export function checkItemSize(key: Uint8Array, valueBytes: number): void {
  const bytes = key.byteLength + valueBytes;
  if (bytes > MAX_ITEM_BYTES) throw itemTooLarge(bytes, MAX_ITEM_BYTES);
}

export class Store {
  private readonly items = new Map<string, Item>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Drops every expired item; returns how many. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, item] of this.items) {
      if (item.expiresAt <= now) {
        this.items.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }

  /** The value unless it is missing or has expired (an expired one is dropped on the way). */
  get(key: Uint8Array): Buffer | undefined {
    const k = mapKey(key);
    const item = this.items.get(k);
    if (item && item.expiresAt <= this.now()) {
      this.items.delete(k);
      return undefined;
    }
    return item?.value;
  }

  set(key: Uint8Array, value: Uint8Array, ttlMs: number): void {
    checkTtl(ttlMs);
    checkItemSize(key, value.byteLength);
    this.items.set(mapKey(key), { value: Buffer.from(value), expiresAt: this.now() + ttlMs });
  }

  delete(key: Uint8Array): void {
    this.items.delete(mapKey(key));
  }
}
