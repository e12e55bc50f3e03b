// Injected faults, so tests can see what an outage does to a route: Execute calls answer as
// PlanetScale does when it loses MySQL (HTTP 200, error code UNAVAILABLE), hang without an
// answer, or lose their connection. A fault can spare the first calls and stop after a few, to
// strike in the middle of a transaction.
import * as z from "zod/mini";

export const FaultPlan = z.object({
  fault: z.enum(["none", "unavailable", "hang", "drop-connection"]),
  /** Calls that pass before the fault strikes. */
  after: z.optional(z.int().check(z.gte(0))),
  /** Calls the fault strikes, then none; every call until cleared when absent. */
  calls: z.optional(z.int().check(z.gte(1))),
});
export type FaultPlan = z.infer<typeof FaultPlan>;
export type DatabaseFault = FaultPlan["fault"];

export interface FaultStats {
  /** Calls a fault struck. */
  faulted: number;
  /** Hung calls whose client gave up (closed the connection) before the fault was cleared. */
  abandoned: number;
}

/** No hung call outlives this, whatever the test does. */
const maxHangMs = 30_000;

export class DatabaseFaults {
  private plan: FaultPlan = { fault: "none" };
  private seen = 0;
  private struck = 0;
  readonly stats: FaultStats = { faulted: 0, abandoned: 0 };
  private readonly hung = new Set<(goOn: boolean) => void>();

  /** A new plan; calls hanging under the old one go on as if nothing happened. */
  set(plan: FaultPlan): void {
    this.plan = plan;
    this.seen = 0;
    this.struck = 0;
    this.releaseHung();
  }

  /** The fault this call meets, if any. */
  next(): Exclude<DatabaseFault, "none"> | undefined {
    const { fault, after = 0, calls } = this.plan;
    if (fault === "none") return undefined;
    this.seen++;
    if (this.seen <= after || (calls !== undefined && this.struck >= calls)) return undefined;
    this.struck++;
    this.stats.faulted++;
    return fault;
  }

  /**
   * Holds a hung call: resolves true when the fault is cleared and the call should go on, false
   * when its client closed the connection first (or the server is closing).
   */
  hold(clientGone: (onGone: () => void) => void): Promise<boolean> {
    return new Promise((resolve) => {
      const settle = (goOn: boolean) => {
        if (!this.hung.delete(settle)) return;
        clearTimeout(timer);
        if (!goOn) this.stats.abandoned++;
        resolve(goOn);
      };
      const timer = setTimeout(() => settle(false), maxHangMs);
      timer.unref();
      this.hung.add(settle);
      clientGone(() => settle(false));
    });
  }

  /** Lets every hung call go on, or (when the server closes) drops them. */
  releaseHung(goOn = true): void {
    for (const settle of [...this.hung]) settle(goOn);
  }
}
