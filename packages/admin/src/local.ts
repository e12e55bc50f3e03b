// The console on a local port, for `pnpm dev` and the browser tests: plain http, so no Secure cookies.
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdminApp } from "./app";

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

export interface AdminServerOptions {
  port?: number;
  host?: string;
  /** Adjusts the HTTP server before it listens (`pnpm dev` makes it take raw UTF-8 in URLs, as the gateway does). */
  prepare?: (server: Server) => void;
}

export async function startAdmin(options: AdminServerOptions = {}): Promise<AdminServer> {
  const app = createAdminApp({ clientIp: (c) => getConnInfo(c).remote.address ?? "unknown", secureCookies: false });
  const hostname = options.host ?? "127.0.0.1";
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
    options.prepare?.(server as Server);
  });
}
