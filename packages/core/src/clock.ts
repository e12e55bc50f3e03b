/** The one source of "now", so tests can move time instead of sleeping. */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowSeconds(): number {
  return Math.floor(now().getTime() / 1000);
}

/** Test hook: shift the clock by `ms` (cumulative); `resetClock()` undoes it. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}
