import type { Deprecation } from "./spec";

/**
 * Headers a deprecated route sends on every response: `Deprecation` (RFC 9745, the date it was
 * deprecated), `Sunset` (RFC 8594, when it stops answering) and a `Link` to what replaces it.
 */
export function deprecationHeaders(deprecation: Deprecation | undefined): Record<string, string> {
  if (!deprecation) return {};
  const headers: Record<string, string> = {
    deprecation: `@${Math.floor(Date.parse(deprecation.since) / 1000)}`,
    sunset: new Date(deprecation.sunset).toUTCString(),
  };
  if (deprecation.link) headers.link = `<${deprecation.link}>; rel="deprecation"; type="text/html"`;
  return headers;
}
