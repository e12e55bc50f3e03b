import { raw } from "hono/html";
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { mayAct, type Role, type SessionInfo } from "@gogh/core/admin";

/** Fixed messages for `?done=` after a redirect, so that no text from the URL reaches the page. */
const notices: Record<string, string> = {
  banned: "The user is banned.",
  unbanned: "The ban is lifted.",
  renamed: "The name is reset.",
  granted: "The coins are granted.",
  space_created: "The space is open.",
  space_changed: "The space is changed.",
  operator_created: "The operator can log in now.",
  operator_changed: "The operator is changed.",
  sessions_revoked: "Those sessions are over.",
  item_granted: "The item is granted.",
  hidden: "Hidden: it is off the CDN and out of every list.",
  unhidden: "It is back on the CDN and in its owner's list.",
  item_owned: "They already own that item; nothing changed.",
  item_saved: "The item is saved.",
  app_saved: "Saved. The API follows within the time said above.",
  notice_created: "The notice is scheduled.",
  notice_ended: "The notice has ended.",
  report_hidden: "Hidden, and every report of it closed.",
  report_banned: "The owner is banned, and every report of this closed.",
  report_dismissed: "Dismissed: every report of it closed, nothing changed.",
  deleted: "The account is deleted: the person is gone for everyone, and their content is leaving storage.",
};

const sections: { href: string; label: string; role: Role }[] = [
  { href: "/", label: "Dashboard", role: "viewer" },
  { href: "/users", label: "Users", role: "viewer" },
  { href: "/spaces", label: "Spaces", role: "viewer" },
  { href: "/moderation", label: "Moderation", role: "viewer" },
  { href: "/reports", label: "Reports", role: "viewer" },
  { href: "/economy", label: "Economy", role: "viewer" },
  { href: "/app", label: "App control", role: "viewer" },
  { href: "/audit", label: "Audit log", role: "viewer" },
  { href: "/operators", label: "Operators", role: "admin" },
];

export const Document: FC<PropsWithChildren<{ title: string }>> = ({ title, children }) => (
  <>
    {raw("<!DOCTYPE html>")}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{title} · Gogh admin</title>
        <link rel="stylesheet" href="/assets/admin.css" />
      </head>
      <body>{children}</body>
    </html>
  </>
);

export const Layout: FC<PropsWithChildren<{ title: string; session: SessionInfo; done?: string }>> = ({
  title,
  session,
  done,
  children,
}) => (
  <Document title={title}>
    <header>
      <strong>Gogh admin</strong>
      <nav>
        {sections
          .filter((section) => mayAct(session.operator.role, section.role))
          .map((section) => (
            <a href={section.href}>{section.label}</a>
          ))}
      </nav>
      <span class="muted" data-testid="operator">
        {session.operator.name} ({session.operator.role})
      </span>
      <form method="post" action="/logout">
        <Csrf session={session} />
        <button type="submit">Log out</button>
      </form>
    </header>
    <main>
      <h1>{title}</h1>
      {done && notices[done] ? <p class="notice">{notices[done]}</p> : null}
      {children}
    </main>
  </Document>
);

/** Every form carries the session's CSRF token; the server refuses a POST without it. */
export const Csrf: FC<{ session: SessionInfo }> = ({ session }) => (
  <input type="hidden" name="_csrf" value={session.csrfToken} />
);

/** A form that posts one action, guarded by the CSRF token. */
export const ActionForm: FC<PropsWithChildren<{ session: SessionInfo; action: string; inline?: boolean }>> = ({
  session,
  action,
  inline,
  children,
}) => (
  <form method="post" action={action} class={inline ? "inline" : "stack"}>
    <Csrf session={session} />
    {children}
  </form>
);

export function when(condition: boolean, child: () => Child): Child {
  return condition ? child() : null;
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
