import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { parse } from "@gogh/core/fn";
import { Id } from "@gogh/core/id";
import * as Report from "@gogh/core/report/schema";
import type { AdminEnv } from "../env";
import { optionalText, readForm } from "../forms";
import { ActionForm, formatTime, Layout, when } from "../layout";

const QueueQuery = z.object({ cursor: optionalText(z.string()) });
const ActionPath = z.object({ type: Report.TargetType, id: Id, action: z.enum(["hide", "ban", "dismiss"]) });

type Entry = Awaited<ReturnType<typeof Admin.reportQueue>>["items"][number];

function Content({ entry }: { entry: Entry }) {
  const content = entry.content;
  if (content.kind === "user") {
    return (
      <dl>
        <dt>Name</dt>
        <dd>{content.profile.name}</dd>
        <dt>Bio</dt>
        <dd>{content.profile.bio || "—"}</dd>
        <dt>Friend ID</dt>
        <dd>
          <a href={`/users/${content.profile.userId}`}>{content.profile.friendId}</a>
        </dd>
        <dt>Standing</dt>
        <dd>{content.standing.status}</dd>
      </dl>
    );
  }
  if (content.kind === "sticker") {
    return (
      <p>
        <img src={content.sticker.previewUrl} alt={`${content.sticker.kind} ${entry.id}`} width={128} height={128} />
        <br />
        {content.sticker.kind}, {content.sticker.status} · owner <a href={`/users/${entry.ownerId}`}>{entry.ownerId}</a>
      </p>
    );
  }
  if (content.kind === "room") {
    return (
      <p>
        Room “{content.room.name}” ({content.room.visibility}, version {content.room.version}) ·{" "}
        <a href={content.room.url}>document</a> · owner <a href={`/users/${entry.ownerId}`}>{entry.ownerId}</a>
      </p>
    );
  }
  return <p class="muted">Gone: its owner deleted it. Dismiss to close the reports.</p>;
}

export const reports = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session, actor } = c.var;
    const query = readForm(QueueQuery, c.req.query());
    const page = await Admin.reportQueue({ actor, cursor: query.cursor });
    c.set(
      "imageOrigins",
      page.items.flatMap((entry) =>
        entry.content.kind === "sticker" ? [new URL(entry.content.sticker.previewUrl).origin] : [],
      ),
    );
    const mayModerate = Admin.mayAct(actor.role, "moderator");
    return c.html(
      <Layout title="Reports" session={session} done={c.req.query("done")}>
        <p class="muted">
          One entry per reported person, sticker or room, the oldest report first, shown as it is now. Hide, ban or
          dismiss closes every open report of it and is audited. Hide resets a person's name to their guest name and
          empties their bio, takes a sticker off the CDN (edges within 5 minutes), or takes a room out of every
          visitor's list; ban bans the owner permanently (lift it on their page).
        </p>
        {page.items.length === 0 ? <p data-testid="empty">No open reports.</p> : null}
        {page.items.map((entry) => (
          <section class="report" data-testid={`report-${entry.type}-${entry.id}`}>
            <h2>
              {entry.type} · {entry.openReports} open report{entry.openReports === 1 ? "" : "s"} · first{" "}
              {formatTime(entry.firstReportedAt)}
            </h2>
            <Content entry={entry} />
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Reason</th>
                  <th>Note</th>
                  <th>Reporter</th>
                </tr>
              </thead>
              <tbody>
                {entry.reports.map((report) => (
                  <tr>
                    <td>{formatTime(report.createdAt)}</td>
                    <td>{report.reason}</td>
                    <td>{report.note ?? ""}</td>
                    <td>
                      <a href={`/users/${report.reporterId}`}>{report.reporterId}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {when(mayModerate, () => (
              <p>
                {entry.content.kind !== "gone" ? (
                  <ActionForm session={session} action={`/reports/${entry.type}/${entry.id}/hide`} inline>
                    <button type="submit" class="danger">
                      Hide
                    </button>
                  </ActionForm>
                ) : null}{" "}
                <ActionForm session={session} action={`/reports/${entry.type}/${entry.id}/ban`} inline>
                  <button type="submit" class="danger">
                    Ban the owner
                  </button>
                </ActionForm>{" "}
                <ActionForm session={session} action={`/reports/${entry.type}/${entry.id}/dismiss`} inline>
                  <button type="submit">Dismiss</button>
                </ActionForm>
              </p>
            ))}
          </section>
        ))}
        {page.nextCursor ? (
          <a href={`/reports?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`}>Later</a>
        ) : null}
      </Layout>,
    );
  })
  .post("/:type/:id/:action", async (c) => {
    const { type, id, action } = parse(ActionPath, c.req.param());
    await Admin.actOnReport({ actor: c.var.actor, targetType: type, targetId: id, action });
    return c.redirect(
      `/reports?done=report_${action === "hide" ? "hidden" : action === "ban" ? "banned" : "dismissed"}`,
      303,
    );
  });
