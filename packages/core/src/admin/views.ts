// What operators look at: the front page's counts, people found and a person's page, the
// catalog, app control, the moderation queue and the spaces, each read from the modules that own
// it. The console's pages read through here only, never from those modules themselves.
import * as z from "zod/mini";
import * as Account from "../account";
import * as App from "../app";
import { now } from "../clock";
import { Cursor } from "../cursor";
import { NotFound } from "../error";
import { fn } from "../fn";
import { Id, idPattern } from "../id";
import * as Focus from "../focus";
import * as Item from "../item";
import * as Notice from "../notice";
import * as Profile from "../profile";
import * as Report from "../report";
import * as Room from "../room";
import * as Space from "../space";
import * as Sticker from "../sticker";
import * as Wallet from "../wallet";
import { Actor } from "./schema";

const moderationCountCap = 100;

/** The counts on the front page; "today" is the UTC day. */
export const dashboard = fn(z.object({ actor: Actor }), async () => {
  const at = now();
  const today = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const [signupsToday, focusMinutesToday, focusingNow, spaces, queue, reported] = await Promise.all([
    Account.countSignupsSince({ since: today }),
    Focus.minutesFinishedSince({ since: today }),
    Focus.countRunning({}),
    Space.listSpaces({}),
    Sticker.listForModeration({ status: "published", limit: moderationCountCap }),
    Report.countOpen({ cap: moderationCountCap + 1 }),
  ]);
  // The queue is every published sticker, newest first: counted up to a cap, not scanned whole.
  const pendingModeration = queue.nextCursor ? `${moderationCountCap}+` : String(queue.items.length);
  const inSpacesNow = spaces.items.reduce((sum, space) => sum + space.occupancy, 0);
  return {
    today: today.toISOString().slice(0, 10),
    signupsToday,
    focusMinutesToday,
    focusingNow,
    inSpacesNow,
    pendingModeration,
    reportedTargets: reported > moderationCountCap ? `${moderationCountCap}+` : String(reported),
  };
});

export interface FoundUser {
  userId?: string;
  friendId: string;
  name: string;
}

/** By id, by Friend ID, or by name with the app's own search (kana, width and case folded). */
export const findUsers = fn(
  z.object({ actor: Actor, q: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)) }),
  async ({ q }): Promise<FoundUser[]> => {
    if (idPattern.test(q)) {
      const me = await Profile.getMe({ userId: q }).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined;
        throw error;
      });
      return me ? [{ userId: me.userId, friendId: me.friendId, name: me.name }] : [];
    }
    const friendId = z.safeParse(Profile.FriendId, q);
    const byFriendId = friendId.success ? await Profile.resolveFriendId({ friendId: friendId.data }) : undefined;
    const byName = await Profile.search({ q, limit: 50 });
    const found: FoundUser[] = byFriendId ? [{ userId: byFriendId.userId, ...byFriendId.card }] : [];
    for (const card of byName.items) if (card.friendId !== byFriendId?.card.friendId) found.push(card);
    return found;
  },
);

/** Everything the user page shows, read from the modules that own it. */
export const userDetail = fn(z.object({ actor: Actor, userId: Id }), async ({ userId }) => {
  const standing = await Account.standing({ userId });
  if (!standing) throw new NotFound("user", userId);
  const [profile, balance, ledger, stats, stickers, rooms, catalog] = await Promise.all([
    Profile.getMe({ userId }),
    Wallet.balanceOf({ userId }),
    Wallet.ledger({ userId, limit: 20 }),
    Focus.stats({ userId, range: "week" }),
    Sticker.list({ userId, limit: 30 }),
    Room.listMine({ userId }),
    Item.catalog(),
  ]);
  // Starter items are everyone's already: only the others can be granted.
  const grantableItems = catalog.items.filter((item) => !item.starter).map(({ id, name }) => ({ id, name }));
  return {
    profile,
    standing,
    balance,
    ledger: ledger.items,
    stats,
    stickers: stickers.items,
    rooms: rooms.items,
    grantableItems,
  };
});

/** The person behind a Friend ID (a search result without a user id links here). */
export const userIdByFriendId = fn(
  z.object({ actor: Actor, friendId: z.string().check(z.maxLength(100)) }),
  async ({ friendId }): Promise<string> => {
    const parsed = z.safeParse(Profile.FriendId, friendId);
    const found = parsed.success ? await Profile.resolveFriendId({ friendId: parsed.data }) : undefined;
    if (!found) throw new NotFound("user");
    return found.userId;
  },
);

/** The catalog in display order, and how long an edit takes to reach every API Lambda. */
export const catalog = fn(z.object({ actor: Actor }), async () => ({
  ...(await Item.catalog()),
  memorySeconds: Item.catalogMemorySeconds,
}));

/** The settings every route checks and the latest notices, and how long a change takes to reach every Lambda. */
export const appControl = fn(z.object({ actor: Actor }), async () => {
  const [control, notices] = await Promise.all([App.control(), Notice.list({ limit: 50 })]);
  return {
    control,
    notices: notices.items,
    memorySeconds: { control: App.controlMemorySeconds, notices: Notice.noticeMemorySeconds },
  };
});

/** Everyone's published (or hidden) stickers and posters, newest first; every role may look. */
export const moderationQueue = fn(
  z.object({
    actor: Actor,
    status: z._default(z.enum(["published", "hidden"]), "published"),
    cursor: z.optional(Cursor),
  }),
  async ({ status, cursor }) => Sticker.listForModeration({ status, cursor, limit: 50 }),
);

export const listSpaces = fn(z.object({ actor: Actor }), async () => Space.listAll({}));
