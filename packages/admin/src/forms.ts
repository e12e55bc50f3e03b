// Form fields as browsers send them (strings, empty when left blank), turned into use-case input.
import * as z from "zod/mini";
import { parse } from "@gogh/core/fn";

/** A field left blank counts as not given. */
export const optionalText = <S extends z.ZodMiniType>(schema: S) =>
  z.pipe(
    z.transform((value: unknown) => (value === "" ? undefined : value)),
    z.optional(schema),
  );

/** `datetime-local` fields are read as UTC, and the page says so. */
export const UtcDateTime = z.pipe(
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "A date and time such as 2026-12-01T09:00.")),
  z.transform((value: string) => new Date(`${value}:00Z`)),
);

export const PositiveInt = z.pipe(
  z.string().check(z.regex(/^\d{1,10}$/, "A whole number.")),
  z.transform((value: string) => Number(value)),
);

export function readForm<S extends z.ZodMiniType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const fields = Object.fromEntries(Object.entries(body).filter(([key]) => key !== "_csrf"));
  return parse(schema, fields);
}
