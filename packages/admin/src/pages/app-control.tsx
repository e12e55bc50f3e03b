import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { parse } from "@gogh/core/fn";
import { Id } from "@gogh/core/id";
import type { AdminEnv } from "../env";
import { optionalText, PositiveInt, readForm, UtcDateTime } from "../forms";
import { ActionForm, formatTime, Layout, when } from "../layout";

const MaintenanceForm = z.object({
  enabled: optionalText(z.literal("on")),
  message: z.string(),
  endsAt: optionalText(UtcDateTime),
});
const VersionsForm = z.object({ ios: optionalText(z.string()), android: optionalText(z.string()) });
const FlagsForm = z.object({ flags: z.string().check(z.maxLength(10_000)) });
const NoticeForm = z.object({
  titleJa: z.string(),
  titleEn: optionalText(z.string()),
  bodyJa: z.string(),
  bodyEn: optionalText(z.string()),
  ios: optionalText(z.literal("on")),
  android: optionalText(z.literal("on")),
  priority: optionalText(PositiveInt),
  startsAt: UtcDateTime,
  endsAt: UtcDateTime,
});

/** Flags as operators type them: one `name = on|off` a line. */
function parseFlags(text: string): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    const match = /^([^=\s]+)\s*=\s*(on|off|true|false)$/i.exec(trimmed);
    if (!match) throw Admin.invalidField("flags", `Not "name = on" or "name = off": ${trimmed.slice(0, 60)}`);
    flags[match[1]!] = /^(on|true)$/i.test(match[2]!);
  }
  return flags;
}

function toLocalInput(iso: string | null): string {
  return iso ? new Date(iso).toISOString().slice(0, 16) : "";
}

export const appControl = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session, actor } = c.var;
    const { control, notices, memorySeconds } = await Admin.appControl({ actor });
    const editable = Admin.mayAct(actor.role, "admin");
    const now = Date.now();
    return c.html(
      <Layout title="App control" session={session} done={c.req.query("done")}>
        <p class="muted">
          Changes reach every API Lambda within {memorySeconds.control} seconds (notices within {memorySeconds.notices}{" "}
          s): each Lambda keeps these settings in memory that long, and the shared cache entry is dropped at once.
          Should that drop fail, the cache's copy lives at most 10 minutes.
        </p>
        <h2>Maintenance</h2>
        <p data-testid="maintenance-state">
          {control.maintenance.enabled
            ? `On: the API answers 503 to every route but the app config and the notices${control.maintenance.endsAt ? `, until ${formatTime(control.maintenance.endsAt)}` : ""}.`
            : "Off."}
        </p>
        {when(editable, () => (
          <ActionForm session={session} action="/app/maintenance">
            <label>
              <span>
                <input type="checkbox" name="enabled" checked={control.maintenance.enabled} /> Maintenance on
              </span>
            </label>
            <label>
              Message shown in the app
              <textarea name="message" maxlength={500} rows={3}>
                {control.maintenance.message}
              </textarea>
            </label>
            <label>
              Expected end (UTC, optional; sets Retry-After)
              <input type="datetime-local" name="endsAt" value={toLocalInput(control.maintenance.endsAt)} />
            </label>
            <button type="submit">Save maintenance</button>
          </ActionForm>
        ))}

        <h2>Minimum client versions</h2>
        <ActionForm session={session} action="/app/versions">
          <label>
            iOS (empty for none)
            <input name="ios" value={control.minimumVersions.ios ?? ""} placeholder="1.4.0" disabled={!editable} />
          </label>
          <label>
            Android (empty for none)
            <input
              name="android"
              value={control.minimumVersions.android ?? ""}
              placeholder="1.4.0"
              disabled={!editable}
            />
          </label>
          {editable ? <button type="submit">Save versions</button> : null}
        </ActionForm>

        <h2>Feature flags</h2>
        <ActionForm session={session} action="/app/flags">
          <label>
            One a line: name = on or name = off
            <textarea name="flags" rows={6} disabled={!editable}>
              {Object.entries(control.featureFlags)
                .map(([name, on]) => `${name} = ${on ? "on" : "off"}`)
                .join("\n")}
            </textarea>
          </label>
          {editable ? <button type="submit">Save flags</button> : null}
        </ActionForm>

        <h2>Notices</h2>
        <table>
          <thead>
            <tr>
              <th>Title</th>
              <th>Platforms</th>
              <th>Priority</th>
              <th>From</th>
              <th>Until</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {notices.map((notice) => (
              <tr>
                <td>
                  {notice.title.ja}
                  {notice.title.en ? ` / ${notice.title.en}` : ""}
                </td>
                <td>{notice.platforms.join(", ")}</td>
                <td>{notice.priority}</td>
                <td>{formatTime(notice.startsAt)}</td>
                <td>{formatTime(notice.endsAt)}</td>
                <td>
                  {editable && Date.parse(notice.endsAt) > now ? (
                    <ActionForm session={session} action={`/app/notices/${notice.id}/end`} inline>
                      <button type="submit">End now</button>
                    </ActionForm>
                  ) : Date.parse(notice.endsAt) <= now ? (
                    "ended"
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {when(editable, () => (
          <ActionForm session={session} action="/app/notices">
            <label>
              Title (Japanese)
              <input name="titleJa" required maxlength={80} />
            </label>
            <label>
              Title (English, optional)
              <input name="titleEn" maxlength={80} />
            </label>
            <label>
              Body (Japanese)
              <textarea name="bodyJa" required maxlength={4000} rows={3}></textarea>
            </label>
            <label>
              Body (English, optional)
              <textarea name="bodyEn" maxlength={4000} rows={3}></textarea>
            </label>
            <span>
              <label>
                <span>
                  <input type="checkbox" name="ios" checked /> iOS <input type="checkbox" name="android" checked />{" "}
                  Android
                </span>
              </label>
            </span>
            <label>
              Priority (0–100)
              <input name="priority" inputmode="numeric" value="0" />
            </label>
            <label>
              From (UTC)
              <input type="datetime-local" name="startsAt" required />
            </label>
            <label>
              Until (UTC)
              <input type="datetime-local" name="endsAt" required />
            </label>
            <button type="submit">Schedule the notice</button>
          </ActionForm>
        ))}
      </Layout>,
    );
  })
  .post("/maintenance", async (c) => {
    const form = readForm(MaintenanceForm, await c.req.parseBody());
    const maintenance = {
      enabled: form.enabled === "on",
      message: form.message.trim(),
      endsAt: form.endsAt?.toISOString() ?? null,
    };
    await Admin.setMaintenance({ actor: c.var.actor, maintenance });
    return c.redirect("/app?done=app_saved", 303);
  })
  .post("/versions", async (c) => {
    const form = readForm(VersionsForm, await c.req.parseBody());
    await Admin.setMinimumVersions({
      actor: c.var.actor,
      versions: { ios: form.ios?.trim() ?? null, android: form.android?.trim() ?? null },
    });
    return c.redirect("/app?done=app_saved", 303);
  })
  .post("/flags", async (c) => {
    const form = readForm(FlagsForm, await c.req.parseBody());
    await Admin.setFeatureFlags({ actor: c.var.actor, flags: parseFlags(form.flags) });
    return c.redirect("/app?done=app_saved", 303);
  })
  .post("/notices", async (c) => {
    const form = readForm(NoticeForm, await c.req.parseBody());
    const notice = {
      title: { ja: form.titleJa.trim(), ...(form.titleEn ? { en: form.titleEn.trim() } : {}) },
      body: { ja: form.bodyJa.trim(), ...(form.bodyEn ? { en: form.bodyEn.trim() } : {}) },
      platforms: [...(form.ios ? ["ios" as const] : []), ...(form.android ? ["android" as const] : [])],
      priority: form.priority ?? 0,
      startsAt: form.startsAt.toISOString(),
      endsAt: form.endsAt.toISOString(),
    };
    await Admin.createNotice({ actor: c.var.actor, notice });
    return c.redirect("/app?done=notice_created", 303);
  })
  .post("/notices/:noticeId/end", async (c) => {
    const noticeId = parse(Id, c.req.param("noticeId"));
    await Admin.endNotice({ actor: c.var.actor, noticeId });
    return c.redirect("/app?done=notice_ended", 303);
  });
