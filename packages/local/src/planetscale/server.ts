// The HTTP face of the simulator: PlanetScale's psdb.v1alpha1.Database RPCs as JSON over POST,
// behind Basic auth, the way @planetscale/database calls them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { tabletError } from "./errors";
import { DatabaseUnavailable, type Executor } from "./executor";
import { type DatabaseFaults, FaultPlan } from "./faults";
import type { RoundTrip } from "../latency";
import type { SessionStore } from "./sessions";

export interface Credentials {
  username: string;
  password: string;
}

const maxBodyBytes = 64 * 1024 * 1024;

class BadRequest extends Error {}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BadRequest(`request body larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks, size).toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new BadRequest("request body is not JSON");
  }
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorized(header: string | undefined, credentials: Credentials): boolean {
  if (!header?.startsWith("Basic ")) return false;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return false;
  return (
    sameText(decoded.slice(0, colon), credentials.username) && sameText(decoded.slice(colon + 1), credentials.password)
  );
}

const prefix = "/psdb.v1alpha1.Database/";
/** Local-only controls (not PlanetScale's API), behind the same Basic auth: POST /_local/fault, GET /_local/stats. */
const controlPrefix = "/_local/";

export function createSimulatorServer(
  executor: Executor,
  sessions: SessionStore,
  credentials: Credentials,
  branch: string,
  faults: DatabaseFaults,
  roundTrip: RoundTrip,
): Server {
  const rpcs: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    Execute: (body) => executor.execute(body),
    CreateSession: async () => ({
      branch,
      user: { username: credentials.username, role: "admin" },
      session: sessions.toJson(sessions.newUuid(), undefined),
    }),
    CloseSession: async (body) => {
      await executor.closeSession(body.session);
      return {};
    },
  };

  async function control(action: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (action === "stats" && request.method === "GET") {
      request.resume();
      return send(response, 200, { ...executor.stats, ...faults.stats });
    }
    if (action === "fault" && request.method === "POST") {
      const plan = z.safeParse(FaultPlan, await readJson(request).catch(() => undefined));
      if (!plan.success) {
        return send(response, 400, {
          code: "invalid_argument",
          message: 'Expected { fault: "none" | "unavailable" | "hang" | "drop-connection", after?, calls? }',
        });
      }
      faults.set(plan.data);
      response.writeHead(204).end();
      return;
    }
    request.resume();
    send(response, 404, { code: "not_found", message: `no such control: ${request.method} ${action}` });
  }

  /** Applies the injected fault to an Execute call; false when the call is answered (or dropped) here. */
  async function passFault(body: Record<string, unknown>, request: IncomingMessage, response: ServerResponse) {
    const fault = faults.next();
    if (fault === undefined) return true;
    if (fault === "drop-connection") {
      request.socket.destroy();
      return false;
    }
    if (fault === "hang") {
      const goOn = await faults.hold((onGone) => response.once("close", onGone));
      if (!goOn && !response.writableEnded) request.socket.destroy();
      return goOn;
    }
    const context = {
      database: branch,
      user: credentials.username,
      sql: typeof body.query === "string" ? body.query : "",
    };
    send(response, 200, {
      error: tabletError(context, "UNAVAILABLE", "connection refused (injected fault)"),
      timing: 0,
    });
    return false;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?", 1)[0]!;
    if (path.startsWith(controlPrefix)) {
      if (!authorized(request.headers.authorization, credentials)) {
        request.resume();
        return send(response, 401, { code: "unauthenticated", message: "invalid username or password" });
      }
      return control(path.slice(controlPrefix.length), request, response);
    }
    const rpc = path.startsWith(prefix) ? rpcs[path.slice(prefix.length)] : undefined;
    if (!rpc) {
      request.resume();
      return send(response, 404, { code: "not_found", message: `no such endpoint: ${path}` });
    }
    if (request.method !== "POST") {
      request.resume();
      return send(response, 405, { code: "invalid_argument", message: `${path} only accepts POST` });
    }
    if (!authorized(request.headers.authorization, credentials)) {
      request.resume();
      // PlanetScale answers in the Connect error shape, so the driver reports HTTP 401.
      return send(response, 401, {
        code: "unauthenticated",
        message: "invalid username or password for this database",
      });
    }
    try {
      const body = await readJson(request);
      await roundTrip.half();
      if (rpc === rpcs.Execute && !(await passFault(body, request, response))) return;
      const answer = await rpc(body);
      await roundTrip.half();
      send(response, 200, answer);
    } catch (error) {
      if (error instanceof BadRequest) return send(response, 400, { code: "invalid_argument", message: error.message });
      if (error instanceof DatabaseUnavailable)
        return send(response, 503, { code: "unavailable", message: error.message });
      throw error;
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      send(response, 500, { code: "internal", message: (error as Error)?.message ?? String(error) });
    });
  });
  // Node's 5 s keep-alive races the client reusing an idle socket (fetch answers ECONNRESET) as
  // soon as the process is busy for a few seconds; keep idle sockets as long as the client may
  // reuse them, which it learns from the Keep-Alive header (timeout=60).
  server.keepAliveTimeout = idleSocketMs;
  server.headersTimeout = idleSocketMs + 1_000;
  return server;
}

const idleSocketMs = 60_000;
