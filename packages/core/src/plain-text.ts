// Free text people type that no column of a text kind stores as typed (a report's note, a
// transfer passphrase, which is only hashed): bounded in code points, and refusing what text.ts
// refuses in every free-text field.
import * as z from "zod/mini";
import { codePoints, multiLine, singleLine } from "./text";

/**
 * A string of `min` to `max` code points (after NFC, and trimming unless `keepSpaces`) with none
 * of the refused characters; `subject` names it in messages ("A note"). On the wire it is at most
 * twice `max` UTF-16 units, which every string of `max` code points fits.
 */
export function plainText(options: {
  subject: string;
  min: number;
  max: number;
  multiline?: boolean;
  keepSpaces?: boolean;
}) {
  const pattern = options.multiline ? multiLine : singleLine;
  return z.string().check(
    z.maxLength(options.max * 2),
    z.normalize("NFC"),
    z.overwrite((text) => text.replace(/\r\n?/g, "\n")),
    ...(options.keepSpaces ? [] : [z.trim()]),
    z.regex(pattern, `${options.subject} may not contain control, invisible or text-direction characters.`),
    z.refine((text) => codePoints(text) >= options.min, {
      message: `${options.subject} needs at least ${options.min} character${options.min === 1 ? "" : "s"}.`,
    }),
    z.refine((text) => codePoints(text) <= options.max, {
      message: `${options.subject} has at most ${options.max} characters.`,
    }),
  );
}
