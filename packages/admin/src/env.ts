import type { Context } from "hono";
import type { Actor, SessionInfo } from "@gogh/core/admin";

/** What the middleware leaves for the pages: the session and the actor every use case takes. */
export interface AdminEnv {
  Variables: {
    session: SessionInfo;
    actor: Actor;
    /** Origins of images the page shows (presigned storage links), added to the CSP's img-src. */
    imageOrigins?: string[];
  };
}

export type AdminContext = Context<AdminEnv>;

export interface AdminOptions {
  /** The caller's address, as the platform reports it (Lambda's sourceIp, the socket locally). */
  clientIp(c: Context): string;
  /** Secure cookies with the __Host- prefix; off only on plain-http localhost. */
  secureCookies: boolean;
}
