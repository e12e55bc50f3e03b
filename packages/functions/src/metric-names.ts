/**
 * Names shared by the metrics the request line carries (metrics.ts) and the alarms on them
 * (infra/monitoring.ts). No imports: infra loads this file while it builds the stack.
 */
export const metricNamespace = "Gogh";
