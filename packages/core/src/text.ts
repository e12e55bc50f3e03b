// Free text people type (names, bios, tags, room names, device labels): one definition of each
// kind, from which come the zod schema the server parses with and the JSON Schema the OpenAPI
// document shows, so the two cannot differ. A kind also names the column that stores it, and a
// test holds each to the migrated schema: whatever the schema accepts fits its column.
import * as z from "zod/mini";

export interface TextKind {
  /** Its name in the OpenAPI document's schemas: "Name". */
  id: string;
  /** Names the field in messages: "A name". */
  subject: string;
  /** At least and at most this many characters once normalised (counted as `counts` says). */
  min: number;
  max: number;
  /**
   * Code points, as a VARCHAR(n) in MySQL counts; or graphemes, what people see as one character
   * (an emoji with a skin tone is one grapheme of two code points). A grapheme rule also holds the
   * text to its column in code points, so one letter with 150 combining marks is refused.
   */
  counts: "code points" | "graphemes";
  /** Unicode normal form: NFKC folds width and compatibility forms (names, tags); NFC keeps them. */
  form: "NFC" | "NFKC";
  /** Line breaks kept (a bio); otherwise every run of white space becomes one space. */
  multiline?: boolean;
  /** Applied after normalising (a tag is lower case); must be idempotent. */
  fold?: (text: string) => string;
  /** Where the text is stored: `size` is the VARCHAR's length in characters (code points); absent when it is not stored (a search). */
  column?: Column;
  /** Other columns that store a form derived from the text (the name's search form). */
  derived?: { form: (text: string) => string; column: Column }[];
}

export interface Column {
  table: string;
  column: string;
  size: number;
}

/**
 * Characters no free text may hold: controls and escapes (C0, C1, DEL), format characters
 * (zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, soft hyphen,
 * invisible tags), line and paragraph separators, surrogate halves, private-use and unassigned
 * code points, and the blank "letters" that show as nothing (Hangul fillers, braille blank,
 * combining grapheme joiner). The zero-width joiner stays only between two pictographs, where it
 * builds one emoji (👩‍💻); anywhere else it hides inside a word.
 */
const allowedCharacter = String.raw`[^\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u034f\u115f\u1160\u3164\uffa0\u2800]`;
const emojiJoiner = String.raw`(?<=\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?)\u200d(?=\p{Extended_Pictographic})`;
export const singleLine = new RegExp(`^(?:${allowedCharacter}|${emojiJoiner})*$`, "u");
export const multiLine = new RegExp(`^(?:${allowedCharacter}|${emojiJoiner}|\\r|\\n)*$`, "u");

/** Code points, as JSON Schema's maxLength and MySQL's VARCHAR count them (JavaScript's length counts UTF-16 units). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

// Built on first use, not at import: a Segmenter loads ICU data (about 8 ms) that every route
// would otherwise pay at cold start.
let segmenter: Intl.Segmenter | undefined;

export function graphemes(text: string): number {
  segmenter ??= new Intl.Segmenter("und", { granularity: "grapheme" });
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export function normalizeText(kind: TextKind, text: string): string {
  let normal = text.normalize(kind.form);
  normal = kind.multiline ? normal.replace(/\r\n?/g, "\n").trim() : normal.replace(/\s+/gu, " ").trim();
  return kind.fold ? kind.fold(normal).normalize(kind.form) : normal;
}

/**
 * The most code points a request may send: the limit itself when it counts code points, else the
 * column's size. The document's `maxLength`, checked before normalising, as a JSON Schema
 * validator would check it.
 */
export function wireMaxLength(kind: TextKind): number {
  if (kind.counts === "code points") return kind.max;
  if (!kind.column) throw new Error(`${kind.subject}: a limit in graphemes needs a column to cap the code points.`);
  return kind.column.size;
}

/**
 * The schema of a kind: what the client sends (at most `wireMaxLength` code points, none of the
 * refused characters), normalised, then held to its limits and to its columns. Parsing its own
 * output gives the same output, so a use case may parse again what the route parsed.
 */
export function text(kind: TextKind) {
  const pattern = kind.multiline ? multiLine : singleLine;
  const wireMax = wireMaxLength(kind);
  const count = kind.counts === "graphemes" ? graphemes : codePoints;
  const refused = `${kind.subject} may not contain control, invisible or text-direction characters.`;
  const schema = z
    .pipe(
      z.string().check(
        z.refine((raw) => codePoints(raw) <= wireMax, {
          message: `${kind.subject} has at most ${wireMax} characters.`,
          abort: true,
        }),
        z.regex(pattern, refused),
      ),
      z.transform((raw: string) => normalizeText(kind, raw)),
    )
    .check(
      z.refine((normal) => pattern.test(normal), { message: refused, abort: true }),
      z.refine((normal) => kind.min === 0 || count(normal) >= kind.min, {
        message:
          kind.min === 1
            ? `${kind.subject} needs at least one character.`
            : `${kind.subject} needs at least ${kind.min} characters.`,
        abort: true,
      }),
      z.refine((normal) => count(normal) <= kind.max, {
        message: `${kind.subject} has at most ${kind.max} characters.`,
        abort: true,
      }),
      z.refine((normal) => fitsColumns(kind, normal), `${kind.subject} is too long once normalised.`),
    );
  if (kindsById.has(kind.id)) throw new Error(`Two text kinds are called ${kind.id}.`);
  kindsById.set(kind.id, kind);
  schemasById.set(kind.id, schema);
  kindsBySchema.set(schema, kind);
  return schema.register(z.globalRegistry, documented(kind, pattern));
}

const kindsById = new Map<string, TextKind>();
const schemasById = new Map<string, z.ZodMiniType<string, string>>();
const kindsBySchema = new WeakMap<z.ZodMiniType, TextKind>();

/** The kind a schema was made from, if it is free text (the tests find every text field this way). */
export function textKindOf(schema: z.ZodMiniType): TextKind | undefined {
  return kindsBySchema.get(schema);
}

/** Every kind defined so far (by the schema modules loaded). */
export function textKinds(): TextKind[] {
  return [...kindsById.values()];
}

/** The schema of every kind defined so far, by id. */
export function textSchemas(): Map<string, z.ZodMiniType<string, string>> {
  return new Map(schemasById);
}

function fitsColumns(kind: TextKind, normal: string): boolean {
  if (kind.column && codePoints(normal) > kind.column.size) return false;
  return (kind.derived ?? []).every(({ form, column }) => codePoints(form(normal)) <= column.size);
}

/** What the OpenAPI document says of a kind: JSON Schema for what it can check, words for the rest. */
function documented(kind: TextKind, pattern: RegExp) {
  const counted = kind.counts === "graphemes" ? "characters as people see them (grapheme clusters)" : "characters";
  const normalised = [
    kind.form === "NFKC"
      ? "NFKC-normalised (full-width letters become ASCII, half-width kana full-width)"
      : "NFC-normalised",
    kind.multiline ? "line breaks kept as \\n" : "runs of white space made one space",
    "trimmed",
    ...(kind.fold ? ["lower-cased"] : []),
  ].join(", ");
  return {
    id: kind.id,
    type: "string" as const,
    ...(kind.min > 0 ? { minLength: kind.min } : {}),
    maxLength: wireMaxLength(kind),
    pattern: pattern.source,
    description:
      `${normalised}; then ${kind.min > 0 ? `${kind.min} to ` : "at most "}${kind.max} ${counted}` +
      (kind.counts === "graphemes" ? ` and at most ${wireMaxLength(kind)} code points` : "") +
      ". Control, zero-width, bidi-control and other invisible characters are refused (a zero-width joiner only between two emoji).",
    "x-gogh-text": { max: kind.max, counts: kind.counts, form: kind.form, multiline: kind.multiline ?? false },
  };
}
