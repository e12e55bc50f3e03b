// The admin console: server-rendered pages on one Lambda. Safe by default: every page needs a
// live session, every POST a CSRF token, every response a strict CSP, every output goes
// through JSX escaping, and every change is audited by the admin module.
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { AppError, Forbidden, TooLarge } from "@gogh/core/error";
import { parse } from "@gogh/core/fn";
import { describeError, log } from "@gogh/core/log";
import type { AdminEnv, AdminOptions } from "./env";
import { Document } from "./layout";
import { appControl } from "./pages/app-control";
import { audit } from "./pages/audit";
import { dashboard } from "./pages/dashboard";
import { economy } from "./pages/economy";
import { moderation } from "./pages/moderation";
import { operators } from "./pages/operators";
import { reports } from "./pages/reports";
import { spaces } from "./pages/spaces";
import { users } from "./pages/users";
import { stylesheet } from "./styles";

/**
 * No script runs on these pages at all, styles come only from our stylesheet, images only from
 * us and the storage origins a page names (sticker previews), forms post only to us, and no
 * other site may frame us.
 */
export function contentSecurityPolicy(imageOrigins: string[] = []): string {
  const images = ["'self'", ...new Set(imageOrigins)].join(" ");
  return `default-src 'none'; style-src 'self'; img-src ${images}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

const LoginForm = z.object({ email: z.string(), password: z.string(), _csrf: z.optional(z.string()) });

export function createAdminApp(options: AdminOptions) {
  const sessionCookie = options.secureCookies ? "__Host-gogh_admin" : "gogh_admin";
  const loginCookie = options.secureCookies ? "__Host-gogh_admin_login" : "gogh_admin_login";
  const cookie: CookieOptions = { path: "/", httpOnly: true, sameSite: "Strict", secure: options.secureCookies };

  const app = new Hono<AdminEnv>();

  app.use("*", async (c, next) => {
    await next();
    c.header("content-security-policy", contentSecurityPolicy(c.get("imageOrigins")));
    c.header("x-content-type-options", "nosniff");
    c.header("x-frame-options", "DENY");
    c.header("referrer-policy", "no-referrer");
    c.header("cross-origin-opener-policy", "same-origin");
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
    if (options.secureCookies) c.header("strict-transport-security", "max-age=31536000");
  });

  // Forms are small; the largest is a catalog item's JSON.
  app.use(
    "*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new TooLarge(64 * 1024);
      },
    }),
  );

  app.get("/assets/admin.css", (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.body(stylesheet, 200, { "content-type": "text/css; charset=utf-8" });
  });

  // Browsers ask for it on their own; without this it would redirect to the login page.
  app.get("/favicon.ico", (c) => c.body(null, 204));

  // Before a session exists the login form is guarded by a double-submit cookie instead. It is
  // kept while it lasts, so that a second tab's login page does not spoil the first one's form.
  app.get("/login", (c) => {
    const current = getCookie(c, loginCookie);
    const token = current && /^[\w-]{43}$/.test(current) ? current : randomBytes(32).toString("base64url");
    setCookie(c, loginCookie, token, { ...cookie, maxAge: 60 * 60 });
    return c.html(<LoginPage csrf={token} />);
  });

  app.post("/login", async (c) => {
    const form = parse(LoginForm, await c.req.parseBody());
    const expected = getCookie(c, loginCookie);
    if (!expected || !Admin.csrfMatches(expected, form._csrf)) throw csrfRefused();
    const ip = options.clientIp(c);
    try {
      const session = await Admin.login({
        email: form.email,
        password: form.password,
        ip,
        previousToken: getCookie(c, sessionCookie),
      });
      deleteCookie(c, loginCookie, cookie);
      setCookie(c, sessionCookie, session.token, { ...cookie, maxAge: Admin.sessionTiming.absoluteSeconds });
      return c.redirect("/", 303);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 429)) throw error;
      if (error.retryAfter !== undefined) c.header("retry-after", String(error.retryAfter));
      return c.html(<LoginPage csrf={expected} error={error.message} />, error.status as 401 | 429);
    }
  });

  // Everything below needs a live session, and every POST the session's CSRF token.
  app.use("*", async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const session = token ? await Admin.authenticate({ token }) : undefined;
    if (!session) {
      if (token) deleteCookie(c, sessionCookie, cookie);
      if (c.req.method === "GET") return c.redirect("/login", 303);
      return c.html(<ErrorPage status={401} message="Your session has ended; log in again." />, 401);
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const body = await c.req.parseBody();
      const given = typeof body._csrf === "string" ? body._csrf : undefined;
      if (!Admin.csrfMatches(session.csrfToken, given)) throw csrfRefused();
    }
    const { id, email, role } = session.operator;
    c.set("session", session);
    c.set("actor", { id, email, role, ip: options.clientIp(c) });
    await next();
  });

  app.post("/logout", async (c) => {
    await Admin.logout({ actor: c.var.actor, sessionId: c.var.session.sessionId });
    deleteCookie(c, sessionCookie, cookie);
    return c.redirect("/login", 303);
  });

  app.route("/", dashboard);
  app.route("/users", users);
  app.route("/spaces", spaces);
  app.route("/economy", economy);
  app.route("/app", appControl);
  app.route("/moderation", moderation);
  app.route("/reports", reports);
  app.route("/audit", audit);
  app.route("/operators", operators);

  app.notFound((c) => c.html(<ErrorPage status={404} message="No such page." />, 404));

  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.html(
        <ErrorPage status={error.status} message={error.message} details={error.details} />,
        error.status as 400,
      );
    }
    log("error", "admin request failed", { path: c.req.path, ...describeError(error) });
    return c.html(<ErrorPage status={500} message="Something went wrong on our side." />, 500);
  });

  return app;
}

function csrfRefused(): Forbidden {
  return new Forbidden("The form is stale or did not come from this console; reload the page and try again.", "csrf");
}

function LoginPage({ csrf, error }: { csrf: string; error?: string }) {
  return (
    <Document title="Log in">
      <main>
        <h1>Gogh admin</h1>
        {error ? <p class="error">{error}</p> : null}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="_csrf" value={csrf} />
          <label>
            Email
            <input type="email" name="email" required autocomplete="username" maxlength={254} />
          </label>
          <label>
            Password
            <input type="password" name="password" required autocomplete="current-password" maxlength={200} />
          </label>
          <button type="submit">Log in</button>
        </form>
      </main>
    </Document>
  );
}

function ErrorPage({
  status,
  message,
  details,
}: {
  status: number;
  message: string;
  details?: { path: string; message: string }[];
}) {
  return (
    <Document title={`Error ${status}`}>
      <main>
        <h1>Error {status}</h1>
        <p class="error">{message}</p>
        {details ? (
          <ul>
            {details.map((detail) => (
              <li>
                {detail.path}: {detail.message}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href="/">Back to the dashboard</a>
        </p>
      </main>
    </Document>
  );
}
