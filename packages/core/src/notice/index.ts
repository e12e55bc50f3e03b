// Notices: announcements operators schedule for a time window and target platforms. The app
// reads the running ones through the cache and the Lambda's memory; only operators write.
import * as z from "zod/mini";
import * as Cache from "../cache";
import { now } from "../clock";
import { decodeCursor, pageOf } from "../cursor";
import { afterCommit, db, type Executor, transaction } from "../db";
import { NotFound } from "../error";
import { fn } from "../fn";
import { Id, newId } from "../id";
import { Platform } from "../app/schema";
import * as repo from "./repo";
import { AllNoticesQuery, NoticeInput, type NoticeList, NoticePath, NoticesQuery, type StoredNotice } from "./schema";

export * from "./schema";

export const unendedKey = "notice:unended";
/** A notice appears or ends within this long of its time in every Lambda (and after an edit). */
export const noticeMemorySeconds = 15;
const unendedTtlSeconds = 60;

/** Running notices for a platform in one language, highest priority first. */
export const active = fn(NoticesQuery, async ({ lang, platform }): Promise<NoticeList> => {
  const at = now();
  const notices =
    (await Cache.cached(unendedKey, unendedTtlSeconds, loadUnended, { memorySeconds: noticeMemorySeconds })) ?? [];
  const items = notices
    .filter(
      (notice) =>
        Date.parse(notice.startsAt) <= at.getTime() &&
        Date.parse(notice.endsAt) > at.getTime() &&
        (platform === undefined || notice.platforms.includes(platform)),
    )
    .sort((a, b) => b.priority - a.priority || (a.startsAt < b.startsAt ? 1 : -1))
    .map((notice) => ({
      id: notice.id,
      title: (lang === "en" ? notice.title.en : undefined) ?? notice.title.ja,
      body: (lang === "en" ? notice.body.en : undefined) ?? notice.body.ja,
      priority: notice.priority,
      startsAt: notice.startsAt,
      endsAt: notice.endsAt,
    }));
  return { items };
});

async function loadUnended(): Promise<StoredNotice[]> {
  return (await repo.findUnended(db(), now())).map(toStored);
}

function toStored(row: repo.NoticeRow): StoredNotice {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    platforms: row.platforms.split(",") as StoredNotice["platforms"],
    priority: row.priority,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export const create = fn(NoticeInput, (notice) => transaction((tx) => createWithin(tx, notice)));

/** Ends a notice now; ending one that already ended changes nothing. */
export const end = fn(NoticePath, ({ id }) => transaction((tx) => endWithin(tx, id)));

/** In the caller's transaction (an audited console action); the cached list goes after its commit. */
export async function createWithin(tx: Executor, notice: NoticeInput): Promise<StoredNotice> {
  const at = now();
  const row: repo.NoticeRow = {
    id: newId(at.getTime()),
    title: notice.title,
    body: notice.body,
    platforms: [...new Set(notice.platforms)].sort().join(","),
    priority: notice.priority,
    starts_at: new Date(notice.startsAt),
    ends_at: new Date(notice.endsAt),
    created_at: at,
  };
  await repo.insertNotice(tx, row);
  afterCommit(tx, forgetUnended);
  return toStored(row);
}

export async function endWithin(tx: Executor, id: string): Promise<void> {
  const found = await repo.findNotice(tx, id);
  if (!found) throw new NotFound("notice", id);
  await repo.endNotice(tx, id, now());
  afterCommit(tx, forgetUnended);
}

const forgetUnended = () => Cache.drop(unendedKey);

const NoticeAfter = z.tuple([Id]);

/** Every notice, newest first (the admin console). */
export const list = fn(AllNoticesQuery, async ({ cursor, limit }) => {
  const beforeId = cursor === undefined ? undefined : decodeCursor(NoticeAfter, cursor)[0];
  const rows = await repo.findPage(db(), { beforeId, limit });
  const { page, nextCursor } = pageOf(rows, limit, (row) => [row.id]);
  return { items: page.map(toStored), nextCursor };
});

/** The platform a client names in X-Client-Platform, if it is one notices target. */
export function platformOf(header: string | undefined): Platform | undefined {
  const parsed = z.safeParse(Platform, header);
  return parsed.success ? parsed.data : undefined;
}
