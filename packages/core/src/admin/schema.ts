// What the admin console sends to the admin module: operators, credentials, audit filters.
import * as z from "zod/mini";
import { Cursor } from "../cursor";
import { Id } from "../id";
import { text } from "../text";

export const roles = ["viewer", "moderator", "admin"] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The one form of an operator's email, for storing, looking up and counting failed logins
 * alike: compatibility forms folded (NFKC: full-width letters), control and invisible format
 * characters dropped (the column's collation ignores them, so "name\u0001@…" would find
 * "name@…"), trimmed, lower-cased.
 */
export function canonicalEmail(email: string): string {
  return email
    .replace(loneSurrogate, "\uFFFD")
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .trim()
    .toLowerCase()
    .normalize("NFKC");
}

export const Email = z.pipe(
  z.pipe(z.string().check(z.maxLength(1000)), z.transform(canonicalEmail)),
  z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "Not an email address.")),
);

/** Long passphrases welcome; no composition rules, a minimum length instead. */
export const Password = z
  .string()
  .check(
    z.minLength(12, "A password has at least 12 characters."),
    z.maxLength(200, "A password has at most 200 characters."),
  );

export const OperatorName = text({
  id: "OperatorName",
  subject: "A name",
  min: 1,
  max: 100,
  counts: "code points",
  form: "NFC",
  column: { table: "admin_operators", column: "name", size: 100 },
});

/** Who acts and from where: every console use case takes it, checks the role and audits with it. */
export const Actor = z.object({ id: Id, email: z.string(), role: Role, ip: z.string().check(z.maxLength(45)) });
export type Actor = z.infer<typeof Actor>;

export const NewOperator = z.object({ email: Email, name: OperatorName, role: Role, password: Password });

export const Credentials = z.object({
  /** Whatever was typed: any string gets an answer (401 when it is no operator's), never a 400 or a 500. */
  email: z.pipe(
    z.string(),
    z.transform((email) => canonicalEmail(email.slice(0, 1000))),
  ),
  password: z.string().check(z.maxLength(200)),
  ip: z.string().check(z.maxLength(45)),
  /** The session the browser held before, if any: login replaces it. */
  previousToken: z.optional(z.string().check(z.maxLength(100))),
});

export const AuditFilter = z.object({
  operatorId: z.optional(Id),
  action: z.optional(z.string().check(z.regex(/^[a-z_.]{1,64}$/, "An action such as user.ban."))),
  targetId: z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,64}$/, "An id."))),
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: z.optional(z.iso.date()),
  to: z.optional(z.iso.date()),
  cursor: z.optional(Cursor),
  limit: z._default(z.int().check(z.gte(1), z.lte(100)), 50),
});
export type AuditFilter = z.input<typeof AuditFilter>;

export type { AuditEntry } from "../audit";

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "disabled";
  createdAt: Date;
}

/** What a valid session cookie yields: the operator, and the CSRF token its forms must carry. */
export interface SessionInfo {
  sessionId: string;
  operator: Operator;
  csrfToken: string;
}
