import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import type { AdminEnv } from "../env";
import { optionalText, readForm } from "../forms";
import { formatTime, Layout } from "../layout";

const Filter = z.object({
  operatorId: optionalText(z.string()),
  action: optionalText(z.string()),
  targetId: optionalText(z.string()),
  from: optionalText(z.string()),
  to: optionalText(z.string()),
  cursor: optionalText(z.string()),
});

export const audit = new Hono<AdminEnv>().get("/", async (c) => {
  const filter = readForm(Filter, c.req.query());
  const page = await Admin.auditLog({ actor: c.var.actor, filter });
  const next = page.nextCursor && new URLSearchParams({ ...definedOnly(filter), cursor: page.nextCursor }).toString();
  return c.html(
    <Layout title="Audit log" session={c.var.session}>
      <form method="get" action="/audit">
        <input name="operatorId" value={filter.operatorId ?? ""} placeholder="Operator id" aria-label="Operator id" />{" "}
        <input name="action" value={filter.action ?? ""} placeholder="Action, e.g. user.ban" aria-label="Action" />{" "}
        <input name="targetId" value={filter.targetId ?? ""} placeholder="Target id" aria-label="Target id" />{" "}
        <input type="date" name="from" value={filter.from ?? ""} aria-label="From (UTC)" />{" "}
        <input type="date" name="to" value={filter.to ?? ""} aria-label="To (UTC)" />{" "}
        <button type="submit">Filter</button>
      </form>
      <p class="muted">
        Every change made here is recorded in the same transaction as the change; nothing edits or deletes a row.
      </p>
      <table data-testid="audit">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Before</th>
            <th>After</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((entry) => (
            <tr>
              <td>{formatTime(entry.createdAt)}</td>
              <td>
                <a href={`/audit?operatorId=${entry.operatorId}`}>{entry.operatorEmail}</a>
              </td>
              <td>{entry.action}</td>
              <td>
                {entry.targetType === "user" ? (
                  <a href={`/users/${entry.targetId}`}>{entry.targetId}</a>
                ) : (
                  entry.targetId
                )}
              </td>
              <td>
                <pre>{entry.before === undefined ? "" : JSON.stringify(entry.before, null, 1)}</pre>
              </td>
              <td>
                <pre>{entry.after === undefined ? "" : JSON.stringify(entry.after, null, 1)}</pre>
              </td>
              <td>{entry.ip}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? <a href={`/audit?${next}`}>Older</a> : null}
    </Layout>,
  );
});

function definedOnly(filter: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
