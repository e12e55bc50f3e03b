// Transfer codes (引き継ぎ): moving an account to a new phone without Apple or Google. The old
// device issues a one-time code under a passphrase the person chooses; on the new device, code
// and passphrase sign in to the same account and end every earlier session. Only hashes are
// kept; a code lives `codeLifetimeSeconds` and works once, and guessing is counted per code and
// per address.
import { createHash, randomInt } from "node:crypto";
import * as z from "zod/mini";
import * as Account from "../account";
import { now } from "../clock";
import { db, type Executor, transaction } from "../db";
import { Forbidden, Unauthorized } from "../error";
import { fn } from "../fn";
import { Id } from "../id";
import * as Limit from "../limit";
import { decoyHash, hashPassword, verifyPassword } from "../passphrase";
import * as repo from "./repo";
import { codeAlphabet, codeLength, IssueBody, type IssuedCode, RedeemBody } from "./schema";

export * from "./schema";

/** A code is for moving now, not a standing key: a day, then the old device issues another. */
export const codeLifetimeSeconds = 24 * 60 * 60;

/** Codes one person may issue a UTC day (each costs a slow hash). */
export const issueLimit: Limit.Rule = {
  name: "transfer-issue",
  max: 10,
  windowSeconds: 86_400,
  what: "transfer codes",
};
/** Tries of one code a UTC day, right or wrong: a stolen code gives a guesser ten passphrases, not more. */
export const codeTryLimit: Limit.Rule = {
  name: "transfer-code",
  max: 10,
  windowSeconds: 86_400,
  what: "tries of one transfer code",
};
/** Tries from one address an hour, whatever the code. */
export const addressTryLimit: Limit.Rule = {
  name: "transfer-address",
  max: 20,
  windowSeconds: 3600,
  what: "transfer code tries from one address",
};

/** A new code for `userId`, replacing any earlier one; shown once, kept only as a hash. */
export const issue = fn(z.extend(IssueBody, { userId: Id }), async ({ userId, passphrase }): Promise<IssuedCode> => {
  await Limit.take(issueLimit, userId);
  const code = Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join("");
  const at = now();
  const expiresAt = new Date(at.getTime() + codeLifetimeSeconds * 1000);
  const passphraseHash = await hashPassword(passphrase);
  await repo.replaceCode(db(), { codeHash: hashCode(code), accountId: userId, passphraseHash, at, expiresAt });
  return { code: code.match(/.{4}/g)!.join("-"), expiresAt: expiresAt.toISOString() };
});

/**
 * Signs this device in with a code and its passphrase, and ends every other session of the
 * account. Any failure (no such code, used, expired, wrong passphrase, account gone) is the same
 * 401, so a guesser learns nothing; it costs the same slow hash whether the code exists or not.
 */
export const redeem = fn(
  z.extend(RedeemBody, { address: z.string().check(z.maxLength(64)) }),
  async ({ code, passphrase, platform, deviceLabel, address }): Promise<Account.Tokens> => {
    await Limit.take(addressTryLimit, Limit.addressSubject(address));
    const codeHash = hashCode(code);
    await Limit.take(codeTryLimit, codeHash);
    const found = await repo.findByHash(db(), codeHash);
    const matches = await verifyPassword(passphrase, found?.passphrase_hash ?? decoyHash);
    const at = now();
    if (!found || !matches || found.expires_at <= at) throw invalidCode();
    const session = await transaction(async (tx) => {
      // Exactly one redemption of any number at once gets past this; the others find nothing.
      if (!(await repo.claim(tx, codeHash, at))) return undefined;
      const standing = await Account.standingWithin(tx, found.account_id, { forUpdate: true });
      if (!standing) return undefined;
      if (standing.status === "banned") throw new Forbidden("This account is banned.", "account_banned");
      await Account.endSessionsWithin(tx, found.account_id, "transferred");
      return Account.startSessionWithin(tx, { userId: found.account_id, platform, deviceLabel });
    });
    if (!session) throw invalidCode();
    return Account.signedIn(session);
  },
);

/** Called by account deletion inside its transaction. */
export async function eraseWithin(executor: Executor, userId: string): Promise<void> {
  await repo.deleteByAccount(executor, userId);
}

/** SHA-256 suffices: a code is 60 random bits, and the per-code limit stops trying passphrases. */
function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("base64url");
}

function invalidCode(): Unauthorized {
  return new Unauthorized(
    "The transfer code or the passphrase is wrong, or the code was used or has expired.",
    "invalid_transfer_code",
  );
}
