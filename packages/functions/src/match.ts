import { routes, type RouteName } from "./routes";
import { splitKey } from "./spec";

export interface Match {
  name: RouteName;
  pathParameters: Record<string, string>;
}

interface Matcher {
  name: RouteName;
  method: string;
  segments: string[];
}

/** Static segments win over {parameters}, as in API Gateway: /v1/users/search beats /v1/users/{friendId}. */
const matchers: Matcher[] = (Object.keys(routes) as RouteName[])
  .map((name) => {
    const { method, path } = splitKey(name);
    return { name, method, segments: path.split("/").slice(1) };
  })
  .sort((a, b) => specificity(b) - specificity(a));

function specificity(matcher: Matcher): number {
  return matcher.segments.reduce(
    (score, segment, index) => score + (segment.startsWith("{") ? 0 : 2 ** (16 - index)),
    0,
  );
}

export function matchRoute(method: string, path: string): Match | undefined {
  const parts = path.split("/").slice(1);
  for (const matcher of matchers) {
    if (matcher.method !== method || matcher.segments.length !== parts.length) continue;
    const pathParameters: Record<string, string> = {};
    const matched = matcher.segments.every((segment, index) => {
      const part = parts[index]!;
      if (segment.startsWith("{")) {
        const value = decodePart(part);
        if (!value) return false;
        pathParameters[segment.slice(1, -1)] = value;
        return true;
      }
      return segment === part;
    });
    if (matched) return { name: matcher.name, pathParameters };
  }
  return undefined;
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part) || undefined;
  } catch {
    return undefined;
  }
}
