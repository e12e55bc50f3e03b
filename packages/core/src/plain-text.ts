// Free text people type where no other rule covers it (a report's note, a transfer passphrase):
// bounded in code points, as a VARCHAR counts them, and refusing what shows as nothing or
// changes how text around it reads: controls (line breaks only where allowed), format characters
// (zero-width spaces and joiners, bidi marks and overrides), separators, surrogates, private-use
// and unassigned code points. The zero-width joiner stays between two pictographs, where it builds
// one emoji (👩‍💻).
import * as z from "zod/mini";

const allowed = String.raw`[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u034f\u115f\u1160\u3164\uffa0\u2800]`;
const emojiJoiner = String.raw`(?<=\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?)\u200d(?=\p{Extended_Pictographic})`;
const singleLine = new RegExp(`^(?:${allowed}|${emojiJoiner})*$`, "u");
const multiLine = new RegExp(`^(?:${allowed}|${emojiJoiner}|\\r|\\n)*$`, "u");

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

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
