// Identities: Sign in with Apple and Google linked to an account, so that a person keeps it when
// they change phones. A linked identity signs a new device in to the same account; one that no
// account has yet makes a new account. Each account links at most one identity per provider, and
// each identity belongs to one account.
import * as z from "zod/mini";
import * as Account from "../account";
import { db, type Executor, isDuplicateKey, transaction } from "../db";
import { Conflict, Forbidden, NotFound, Unauthorized } from "../error";
import { fn } from "../fn";
import { Id } from "../id";
import * as Limit from "../limit";
import { now } from "../clock";
import * as repo from "./repo";
import { IdentityProof, type IdentityList, type IdentitySignIn, ProviderPath, SignInBody } from "./schema";
import { verifyIdentityToken } from "./verify";

export * from "./schema";

/** Links (and relinks) by one person: far above what anyone needs, low enough to stop a script. */
export const linkLimit: Limit.Rule = { name: "identity-link", max: 10, windowSeconds: 3600, what: "identity links" };
/** Sign-ins with Apple or Google from one address: generous, since a carrier's NAT puts many phones behind one. */
export const signInLimit: Limit.Rule = {
  name: "identity-signin",
  max: 30,
  windowSeconds: 3600,
  what: "sign-ins with Apple or Google from one address",
};

export const list = fn(z.object({ userId: Id }), async ({ userId }): Promise<IdentityList> => {
  return toList(await repo.listByAccount(db(), userId));
});

/**
 * Links the identity the token proves to `userId`. Linking one already linked to this account
 * changes nothing; one linked to another account is 409 `identity_linked_elsewhere`, and a second
 * identity of a provider already linked is 409 `provider_already_linked` (unlink it first).
 */
export const link = fn(z.extend(IdentityProof, { userId: Id }), async ({ userId, ...proof }): Promise<IdentityList> => {
  await Limit.take(linkLimit, userId);
  const { provider, subject } = await verifyIdentityToken(proof);
  return transaction(async (tx) => {
    // Locks the account: a deletion running at the same time finishes first, and then there is nothing to link to.
    if (!(await Account.standingWithin(tx, userId, { forUpdate: true })))
      throw new Unauthorized("This account no longer exists.", "account_deleted");
    try {
      await repo.insertIdentity(tx, { provider, subject, accountId: userId, at: now() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const owner = await repo.findBySubject(tx, provider, subject);
      if (owner && owner.account_id !== userId) {
        throw new Conflict("This identity is linked to another account.", "identity_linked_elsewhere");
      }
      if (!owner) {
        throw new Conflict(
          `Another ${provider === "apple" ? "Apple" : "Google"} identity is linked to this account; unlink it first.`,
          "provider_already_linked",
        );
      }
    }
    return toList(await repo.listByAccount(tx, userId));
  });
});

/**
 * Unlinks a provider. The last identity stays: a device session alone is not counted as a way in,
 * since it is lost with the phone (the account can still be deleted, or another identity linked first).
 */
export const unlink = fn(
  z.extend(ProviderPath, { userId: Id }),
  async ({ userId, provider }): Promise<IdentityList> => {
    return transaction(async (tx) => {
      // Locked: two unlinks at once take turns, so they cannot both leave the other one last.
      const linked = await repo.listByAccount(tx, userId, { forUpdate: true });
      if (!linked.some((row) => row.provider === provider)) {
        throw new NotFound(`${provider} identity linked to this account`, undefined, "identity_not_linked");
      }
      if (linked.length === 1) {
        throw new Conflict(
          "This is the only identity linked to the account: link another before unlinking it.",
          "last_identity",
        );
      }
      await repo.deleteByAccount(tx, userId, provider);
      return toList(linked.filter((row) => row.provider !== provider));
    });
  },
);

/**
 * Signs a device in with Apple or Google: a new session of the account the identity is linked
 * to, or of a new account linked to it when there is none. A banned account is refused as a
 * refresh is. The API passes the caller's `address` and counts it against signInLimit.
 */
export const signIn = fn(
  z.extend(SignInBody, { address: z.string().check(z.maxLength(64)) }),
  async ({ address, deviceLabel, ...proof }): Promise<IdentitySignIn> => {
    await Limit.take(signInLimit, Limit.addressSubject(address));
    const identity = await verifyIdentityToken(proof);
    const device = { platform: proof.platform, deviceLabel };
    const signedIn = await transaction((tx) => sessionFor(tx, identity, device)).catch((error: unknown) => {
      // Two first sign-ins with one identity at once: the other made the account; sign in to it.
      if (isDuplicateKey(error, "PRIMARY")) return transaction((tx) => sessionFor(tx, identity, device));
      throw error;
    });
    return { ...(await Account.signedIn(signedIn.session)), accountCreated: signedIn.created };
  },
);

async function sessionFor(
  tx: Executor,
  identity: { provider: "apple" | "google"; subject: string },
  device: { platform: string; deviceLabel?: string },
): Promise<{ session: Account.NewSession; created: boolean }> {
  const found = await repo.findBySubject(tx, identity.provider, identity.subject);
  const standing = found && (await Account.standingWithin(tx, found.account_id, { forUpdate: true }));
  if (found && standing) {
    if (standing.status === "banned") throw new Forbidden("This account is banned.", "account_banned");
    return { session: await Account.startSessionWithin(tx, { userId: found.account_id, ...device }), created: false };
  }
  // Linked to an account that is gone (deletion removes its identities; this is a safety net): free it.
  if (found) await repo.deleteByAccount(tx, found.account_id, identity.provider);
  const userId = await Account.createWithin(tx, { platform: device.platform });
  await repo.insertIdentity(tx, { ...identity, accountId: userId, at: now() });
  return { session: await Account.startSessionWithin(tx, { userId, ...device }), created: true };
}

/** Called by account deletion inside its transaction: the identities become free to make a new account. */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.deleteByAccount(executor, userId);
}

function toList(rows: { provider: "apple" | "google"; linked_at: Date }[]): IdentityList {
  return { items: rows.map((row) => ({ provider: row.provider, linkedAt: row.linked_at.toISOString() })) };
}
