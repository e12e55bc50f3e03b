import { now } from "../clock";

/**
 * Stops calling Momento for a while after a failure, so a throttled or unreachable cache is
 * not hammered (every skipped call is a miss, served from the database). The pause doubles
 * with each failure in a row, up to a ceiling, and is jittered so Lambdas do not return in step.
 */
export class Circuit {
  private openUntil = 0;
  private failuresInARow = 0;

  constructor(
    private readonly baseMs = 1_000,
    private readonly maxMs = 30_000,
  ) {}

  isOpen(at = now().getTime()): boolean {
    return at < this.openUntil;
  }

  succeeded(): void {
    this.failuresInARow = 0;
  }

  /** Returns how long the circuit stays open. */
  failed(at = now().getTime()): number {
    this.failuresInARow++;
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** (this.failuresInARow - 1));
    const pause = Math.round(ceiling * (0.5 + Math.random() * 0.5));
    this.openUntil = at + pause;
    return pause;
  }

  reset(): void {
    this.openUntil = 0;
    this.failuresInARow = 0;
  }
}
