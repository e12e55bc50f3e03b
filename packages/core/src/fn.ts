import type * as z from "zod";
import { Invalid } from "./error";

export type UseCase<S extends z.ZodType, R> = ((input: z.input<S>) => Promise<R>) & { schema: S };

/**
 * A use case: parse the input with its schema, then run. The schema hangs on the function so
 * the route table reuses it. Declared free of side effects so that a Lambda bundle drops the
 * use cases it never calls.
 */
/* @__NO_SIDE_EFFECTS__ */
export function fn<S extends z.ZodType, R>(schema: S, impl: (input: z.output<S>) => Promise<R>): UseCase<S, R> {
  const run = async (input: z.input<S>) => impl(parse(schema, input));
  return Object.assign(run, { schema });
}

export function parse<S extends z.ZodType>(schema: S, input: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Invalid(
    "The request is not valid.",
    result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].filter(Boolean).join("."),
      message: issue.message,
    })),
    "validation_failed",
  );
}
