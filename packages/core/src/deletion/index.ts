// Deleting an account: everything of the person, in every module, in one transaction, so that they
// are gone for everyone at once (search, cards, friend lists, requests, spaces, rooms, blocks), and
// their content leaves storage once it has committed. The account row stays as an id (the wallet's
// ledger and purchases, and audit rows, refer to it and keep only ids).
//
// Access tokens are checked without a database call, so one issued before the deletion keeps
// passing for at most its lifetime (15 minutes); whatever it writes meanwhile belongs to no one
// and is erased by the last pass, which runs once that lifetime is over (`finishErasures`, every
// few minutes), and removes the content again. A module of its own above every module it erases,
// the account's among them.
import * as z from "zod/mini";
import * as Account from "../account";
import * as Audit from "../audit";
import { accessTokenSeconds } from "../auth";
import * as Avatar from "../avatar";
import * as Block from "../block";
import { now } from "../clock";
import { db, type Executor, transaction } from "../db";
import { fn } from "../fn";
import * as Focus from "../focus";
import * as Friend from "../friend";
import { Id } from "../id";
import * as Identity from "../identity";
import * as Item from "../item";
import { log } from "../log";
import * as Profile from "../profile";
import * as Report from "../report";
import * as Room from "../room";
import * as Space from "../space";
import * as Sticker from "../sticker";
import * as Storage from "../storage";
import * as Transfer from "../transfer";
import * as repo from "./repo";

/** A request that began before its token expired may still be writing a little after: the last pass waits this too. */
const lastPassMarginSeconds = 60;
/** The routes' Lambdas have no right on hidden (moderated) images: those wait for the last pass. */
const hiddenPrefix = "hidden/";

export type Erasure = { kind: "erased"; content: Storage.StoredContent } | { kind: "already_deleted" };

/**
 * Erases the account inside the caller's transaction (the console audits in the same one). The
 * account's row is locked first, so two deletions take turns and the second finds it deleted.
 * Remove the content with `removeContent` once the transaction has committed.
 */
export async function deleteWithin(executor: Executor, userId: string): Promise<Erasure> {
  const { deleted } = await Account.lockForDeletionWithin(executor, userId);
  if (deleted) return { kind: "already_deleted" };
  const at = now();
  const content = await eraseEverything(executor, userId);
  await Account.markDeletedWithin(executor, userId, at);
  const finalAfter = new Date(at.getTime() + (accessTokenSeconds + lastPassMarginSeconds) * 1000);
  await repo.insertErasure(executor, { accountId: userId, at, finalAfter, content });
  return { kind: "erased", content };
}

/** `DELETE /v1/me`: the caller's own account, at once; a second call answers the same. */
export const deleteAccount = fn(z.object({ userId: Id }), async ({ userId }): Promise<void> => {
  const erasure = await transaction((tx) => deleteWithin(tx, userId));
  if (erasure.kind === "erased") await removeContent(userId, erasure.content, { hidden: false });
});

/**
 * After the commit: the content leaves the bucket (CDN edges follow within their 5-minute
 * s-maxage). A failure is logged and left to the last pass, which removes everything again.
 */
export async function removeContent(
  userId: string,
  content: Storage.StoredContent,
  options: { hidden: boolean },
): Promise<void> {
  const reachable = {
    prefixes: content.prefixes.filter((prefix) => options.hidden || !prefix.startsWith(hiddenPrefix)),
    keys: content.keys.filter((key) => options.hidden || !key.startsWith(hiddenPrefix)),
  };
  try {
    await Storage.deleteAll(reachable);
    if (options.hidden || reachable.keys.length === content.keys.length) {
      await repo.markErasure(db(), userId, { contentRemovedAt: now() });
    }
  } catch (error) {
    log("warn", "account content not removed yet; the last pass retries", { userId, error: String(error) });
  }
}

/**
 * The last pass of every erasure that is due: each account is erased again (whatever a token
 * still valid at the deletion wrote since), and all its content removed, hidden images too. Run
 * every few minutes by a schedule (infra/jobs.ts) and by `pnpm dev`; an erasure whose storage
 * fails stays due and is tried again next time.
 */
export const finishErasures = fn(
  z.object({ limit: z._default(z.int().check(z.gte(1), z.lte(100)), 20) }),
  async ({ limit }): Promise<{ finished: number; failed: number }> => {
    const due = await repo.findDueErasures(db(), now(), limit);
    let finished = 0;
    for (const erasure of due) {
      const userId = erasure.account_id;
      try {
        const content = await transaction(async (tx) => {
          const more = await eraseEverything(tx, userId);
          const all = merge(erasure.content, more);
          await repo.setErasureContent(tx, userId, all);
          return all;
        });
        await Storage.deleteAll(content);
        const at = now();
        await repo.markErasure(db(), userId, { contentRemovedAt: at, finishedAt: at });
        finished++;
      } catch (error) {
        log("warn", "account erasure not finished; tried again next time", { userId, error: String(error) });
      }
    }
    return { finished, failed: due.length - finished };
  },
);

/** Every module's own erasure, each through its own tables; the ones with stored content say what it is. */
async function eraseEverything(tx: Executor, userId: string): Promise<Storage.StoredContent> {
  // Friendships first: it takes the person's friend lock, as every friendship change does.
  await Friend.eraseWithin(tx, userId);
  await Block.eraseWithin(tx, userId);
  await Profile.eraseWithin(tx, userId);
  await Space.eraseWithin(tx, userId);
  await Focus.eraseWithin(tx, userId);
  await Item.eraseWithin(tx, userId);
  await Identity.eraseWithin(tx, userId);
  await Transfer.eraseWithin(tx, userId);
  await Audit.eraseAboutUserWithin(tx, userId);
  await Report.eraseWithin(tx, userId);
  const stored = [
    await Room.eraseWithin(tx, userId),
    await Avatar.eraseWithin(tx, userId),
    await Sticker.eraseWithin(tx, userId),
  ];
  return stored.reduce(merge, { prefixes: [], keys: [] });
}

function merge(a: Storage.StoredContent, b: Storage.StoredContent): Storage.StoredContent {
  return { prefixes: [...new Set([...a.prefixes, ...b.prefixes])], keys: [...new Set([...a.keys, ...b.keys])] };
}
