import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { parse } from "@gogh/core/fn";
import { Id } from "@gogh/core/id";
import type { AdminEnv } from "../env";
import { optionalText, readForm } from "../forms";
import { ActionForm, formatTime, Layout, when } from "../layout";

const QueueQuery = z.object({
  status: optionalText(z.enum(["published", "hidden"])),
  cursor: optionalText(z.string()),
});
const HideForm = z.object({ reason: z.string() });

export const moderation = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session, actor } = c.var;
    const query = readForm(QueueQuery, c.req.query());
    const status = query.status ?? "published";
    const page = await Admin.moderationQueue({ actor, status, cursor: query.cursor });
    c.set(
      "imageOrigins",
      page.items.map((item) => new URL(item.previewUrl).origin),
    );
    const mayModerate = Admin.mayAct(actor.role, "moderator");
    return c.html(
      <Layout title="Moderation" session={session} done={c.req.query("done")}>
        <p>
          <a href="/moderation?status=published">Published</a> · <a href="/moderation?status=hidden">Hidden</a>
        </p>
        <p class="muted">
          Newest first. Hiding takes the image off the CDN at once (CDN edges drop their copy within 5 minutes) and out
          of every list; previews are short-lived signed links.
        </p>
        <table data-testid="queue">
          <thead>
            <tr>
              <th>Preview</th>
              <th>Kind</th>
              <th>Owner</th>
              <th>Uploaded</th>
              <th>{status === "hidden" ? "Why hidden" : ""}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr data-testid={`sticker-${item.id}`}>
                <td>
                  <img src={item.previewUrl} alt={`${item.kind} ${item.id}`} width={96} height={96} />
                </td>
                <td>{item.kind}</td>
                <td>
                  <a href={`/users/${item.userId}`}>{item.userId}</a>
                </td>
                <td>{formatTime(item.createdAt)}</td>
                <td>{item.hiddenReason ?? ""}</td>
                <td>
                  {when(mayModerate, () =>
                    item.status === "published" ? (
                      <ActionForm session={session} action={`/moderation/${item.id}/hide`} inline>
                        <input name="reason" required maxlength={200} placeholder="Reason" aria-label="Reason" />{" "}
                        <button type="submit" class="danger">
                          Hide
                        </button>
                      </ActionForm>
                    ) : (
                      <ActionForm session={session} action={`/moderation/${item.id}/unhide`} inline>
                        <button type="submit">Unhide</button>
                      </ActionForm>
                    ),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.nextCursor ? (
          <a href={`/moderation?${new URLSearchParams({ status, cursor: page.nextCursor }).toString()}`}>Older</a>
        ) : null}
      </Layout>,
    );
  })
  .post("/:stickerId/hide", async (c) => {
    const stickerId = parse(Id, c.req.param("stickerId"));
    const { reason } = readForm(HideForm, await c.req.parseBody());
    await Admin.hideSticker({ actor: c.var.actor, stickerId, reason });
    return c.redirect("/moderation?done=hidden", 303);
  })
  .post("/:stickerId/unhide", async (c) => {
    const stickerId = parse(Id, c.req.param("stickerId"));
    await Admin.unhideSticker({ actor: c.var.actor, stickerId });
    return c.redirect("/moderation?status=hidden&done=unhidden", 303);
  });
