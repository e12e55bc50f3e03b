// Injected faults: every call fails as if Momento were unavailable, or answers too late for a
// client that gives up after a second (the cache layer's timeout).

export type MomentoFault = "none" | "unavailable" | "slow";

/** Past a client's timeout of about a second. */
export const DEFAULT_SLOW_MS = 2_000;

export class Faults {
  private fault: MomentoFault = "none";
  private slowMs = DEFAULT_SLOW_MS;
  private readonly waiting = new Map<NodeJS.Timeout, (completed: boolean) => void>();

  set(fault: MomentoFault, options?: { slowMs?: number }): void {
    const slowMs = options?.slowMs ?? DEFAULT_SLOW_MS;
    if (!Number.isFinite(slowMs) || slowMs < 0) throw new RangeError(`slowMs must be >= 0, got ${slowMs}`);
    this.fault = fault;
    this.slowMs = slowMs;
  }

  get current(): MomentoFault {
    return this.fault;
  }

  /** Waits out the slow fault; resolves false when the server closes first. */
  delay(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(timer);
        resolve(true);
      }, this.slowMs);
      this.waiting.set(timer, resolve);
    });
  }

  /** Ends every pending delay (on close), so no timer outlives the server. */
  abandonDelays(): void {
    for (const [timer, resolve] of this.waiting) {
      clearTimeout(timer);
      resolve(false);
    }
    this.waiting.clear();
  }
}
