// The codes each route can answer: the catalog's (errors.ts) as the route table's entry implies them.
import { type ErrorCode, errorCodes } from "./errors";
import { requiresHeader, type RouteSpec } from "./spec";

/**
 * Every code a route can answer: what route() answers for any entry like it (input, auth, body,
 * app control, storage, If-Match), then the entry's own `errors`.
 */
export function routeErrors(spec: RouteSpec): ErrorCode[] {
  const codes: ErrorCode[] = [
    // X-Client-* are checked on every route, and any body is measured.
    "validation_failed",
    "payload_too_large",
    ...(spec.body ? (["invalid_json", "unsupported_media_type"] as const) : []),
    ...(spec.auth === "user" ? (["unauthorized", "invalid_token"] as const) : []),
    ...(spec.exemptFromAppControl ? [] : (["upgrade_required", "maintenance"] as const)),
    ...(requiresHeader(spec, "if-match") ? (["precondition_required"] as const) : []),
    ...(spec.storage ? (["storage_unavailable"] as const) : []),
    ...(spec.rateLimited ? (["rate_limited"] as const) : []),
    "internal",
    // Any transaction that loses its deadlocks every time it retries answers `contention`.
    "database_unavailable",
    "contention",
    ...(spec.errors ?? []),
  ];
  return [...new Set(codes)];
}

/** A route's codes by status, statuses in order. */
export function errorsByStatus(spec: RouteSpec): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(spec).sort((a, b) => errorCodes[a].status - errorCodes[b].status)) {
    const status = errorCodes[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}
