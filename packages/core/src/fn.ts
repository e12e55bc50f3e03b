import * as z from "zod/mini";
import { type ErrorDetail, Invalid } from "./error";

export type UseCase<S extends z.ZodMiniType, R> = (input: z.input<S>) => Promise<R>;

/**
 * A use case: parse the input with its schema, then run. Wire schemas live in the module's
 * schema.ts, where the route table takes them from without pulling every use case into every
 * Lambda.
 */
export function fn<S extends z.ZodMiniType, R>(schema: S, impl: (input: z.output<S>) => Promise<R>): UseCase<S, R> {
  return async (input) => impl(parse(schema, input));
}

export function parse<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw invalidInput(issueDetails(result.error.issues));
}

export function invalidInput(details: ErrorDetail[]): Invalid {
  return new Invalid("The request is not valid.", details, "validation_failed");
}

/** Issues as `{ path, message }`, with messages people can act on (zod/mini ships none). */
export function issueDetails(issues: readonly z.core.$ZodIssue[], where?: string): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter((part) => part !== undefined).join("."),
    message: describeIssue(issue),
  }));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // Messages written in our schemas (refine, regex, custom issues) win.
  if (issue.message && issue.message !== "Invalid input") return issue.message;
  switch (issue.code) {
    case "invalid_type":
      // zod leaves the input out of issues, so a missing field and a wrong type read the same.
      return `Expected ${issue.expected}.`;
    case "too_big":
      return `At most ${issue.maximum}${unitOf(issue.origin)}.`;
    case "too_small":
      return `At least ${issue.minimum}${unitOf(issue.origin)}.`;
    case "invalid_value":
      return `Expected one of: ${issue.values.map(String).join(", ")}.`;
    case "invalid_format":
      return `Not a valid ${issue.format}.`;
    case "unrecognized_keys":
      return `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}.`;
    default:
      return "Not valid here.";
  }
}

function unitOf(origin: string): string {
  if (origin === "string") return " characters";
  if (origin === "array" || origin === "set") return " items";
  return "";
}
