// Local-only controls (not Momento's API) so that tests in any package can throttle, break and
// read this server over HTTP: GET /_local/stats, POST /_local/{reset-stats,clear,limit,fault}.
// Not metered, not limited, not faulted.
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod/mini";
import type { Cache } from "./gate";

const LimitInput = z.object({
  /** null lifts the limit. */
  operationsPerSecond: z.nullable(z.number().check(z.gte(0))),
});

const FaultInput = z.object({
  fault: z.enum(["none", "unavailable", "slow"]),
  slowMs: z.optional(z.number().check(z.gte(0))),
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

function answer(response: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function handleControl(
  cache: Cache,
  action: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (action === "stats" && request.method === "GET") return answer(response, 200, cache.meter.stats());
  if (request.method !== "POST")
    return answer(response, 404, { error: `No such control: ${request.method} ${action}` });
  const input = await readJson(request);
  if (action === "reset-stats") cache.meter.resetStats();
  else if (action === "clear") cache.store.clear();
  else if (action === "limit") {
    const parsed = LimitInput.safeParse(input);
    if (!parsed.success)
      return answer(response, 400, { error: "Expected { operationsPerSecond: number >= 0 | null }" });
    cache.meter.setLimit(parsed.data.operationsPerSecond ?? Infinity);
  } else if (action === "fault") {
    const parsed = FaultInput.safeParse(input);
    if (!parsed.success)
      return answer(response, 400, { error: 'Expected { fault: "none" | "unavailable" | "slow", slowMs? }' });
    cache.faults.set(parsed.data.fault, { slowMs: parsed.data.slowMs });
  } else return answer(response, 404, { error: `No such control: ${action}` });
  answer(response, 204);
}
