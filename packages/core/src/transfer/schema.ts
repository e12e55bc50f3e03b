// What transfer codes look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { DeviceLabel, Platform } from "../account/schema";
import { plainText } from "../plain-text";

/** Crockford's base32 (no I, L, O, U): what people read off one screen and type on another. */
export const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const codeLength = 12;

/**
 * A code as people type it: any case, with or without the hyphens and spaces it is shown with,
 * full-width or half-width, O for 0 and I or L for 1. Read as its 12 symbols.
 */
export const TransferCode = z.string().check(
  z.maxLength(40),
  z.overwrite((typed) =>
    typed.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1"),
  ),
  z.regex(/^[0-9A-HJKMNP-TV-Z]{12}$/, "Not a transfer code: 12 letters and digits, as the old device showed it."),
);

/** Chosen by the person; kept as they typed it (spaces count), compared after NFKC. */
export const Passphrase = plainText({ subject: "A passphrase", min: 8, max: 64, keepSpaces: true });

export const IssueBody = z.strictObject({ passphrase: Passphrase });

export const IssuedCode = z.object({
  code: z.string().check(z.describe("Shown once, grouped by four: XXXX-XXXX-XXXX. Only a hash of it is kept.")),
  expiresAt: z.string(),
});
export type IssuedCode = z.infer<typeof IssuedCode>;

export const RedeemBody = z.strictObject({
  code: TransferCode,
  passphrase: Passphrase,
  platform: z.optional(Platform),
  deviceLabel: z.optional(DeviceLabel),
});
