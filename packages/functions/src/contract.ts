// The contract check: a response judged against the committed openapi.json with a JSON Schema
// 2020-12 validator (ajv). The tests and `pnpm dev` run every handler through it (load.ts, when
// GOGH_CHECK_RESPONSES=1), so a status, an error code, a header or a body the document does not
// declare is caught wherever it happens. Never loaded by a Lambda.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ApiResult } from "./event";
import { committedDocument } from "./openapi-file";
import { splitKey } from "./spec";

interface Schema {
  $ref?: string;
  properties?: { error?: { properties?: { code?: { enum?: string[] } } } };
}

interface HeaderObject {
  required?: boolean;
  schema: object;
}

interface ResponseObject {
  $ref?: string;
  headers?: Record<string, HeaderObject | { $ref: string }>;
  content?: Record<string, { schema: Schema }>;
}

interface Document {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: {
    schemas: Record<string, object>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, HeaderObject>;
  };
}

let loaded: { document: Document; ajv: Ajv2020 } | undefined;
const validators = new Map<string, ValidateFunction>();

function load() {
  if (!loaded) {
    const document = committedDocument() as Document;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    loaded = { document, ajv };
  }
  return loaded;
}

/** A schema of the document compiled with the document's components beside it, so its `#/components/...` refs resolve. */
function validatorFor(key: string, schema: object): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    const { ajv, document } = load();
    validate = ajv.compile({ ...schema, components: document.components });
    validators.set(key, validate);
  }
  return validate;
}

function resolve<T extends object>(document: Document, value: T | { $ref: string }): T {
  if (!("$ref" in value) || typeof value.$ref !== "string" || !value.$ref.startsWith("#/components/"))
    return value as T;
  const [, , group, name] = value.$ref.split("/") as [string, string, "responses" | "headers", string];
  return document.components[group][name] as unknown as T;
}

/**
 * What is wrong with a response of route `name` by the document, as sentences; empty when it is
 * exactly what the document says the route may answer.
 */
export function contractProblems(name: string, result: ApiResult): string[] {
  const { document } = load();
  const { method, path } = splitKey(name);
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${name} is not in openapi.json.`];
  const status = String(result.statusCode);
  const declared = operation.responses[status];
  if (!declared) return [`${name} answered ${status}, which its document does not list.`];
  const response = resolve(document, declared);
  const problems: string[] = [];
  const headers = Object.fromEntries(Object.entries(result.headers).map(([key, value]) => [key.toLowerCase(), value]));

  const json = response.content?.["application/json"];
  if (json) {
    if (!/^application\/json\b/.test(headers["content-type"] ?? "")) {
      problems.push(`${name} ${status}: content-type is ${headers["content-type"]}, not application/json.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(result.body);
    } catch {
      return [...problems, `${name} ${status}: the body is not JSON.`];
    }
    const code = (body as { error?: { code?: unknown } }).error?.code;
    const codes = json.schema.properties?.error?.properties?.code?.enum;
    if (codes && typeof code === "string" && !codes.includes(code)) {
      problems.push(
        `${name} answered ${status} ${code}, which its document does not list (it lists ${codes.join(", ")}).`,
      );
    }
    const validate = validatorFor(`${name} ${status}`, json.schema);
    if (!validate(body)) {
      for (const error of validate.errors ?? [])
        problems.push(
          `${name} ${status}: body${error.instancePath} ${error.message} (${JSON.stringify(error.params)}).`,
        );
    }
  } else if (response.content?.["text/html"]) {
    if (!/^text\/html\b/.test(headers["content-type"] ?? "")) {
      problems.push(`${name} ${status}: content-type is ${headers["content-type"]}, not text/html.`);
    }
    if (result.body === "") problems.push(`${name} ${status}: the page is empty.`);
  } else {
    if (result.body !== "") problems.push(`${name} ${status}: the document declares no body, but one came.`);
    if (headers["content-type"] !== undefined) problems.push(`${name} ${status}: a content-type without a body.`);
  }

  const declaredHeaders = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([header, object]) => [header, resolve<HeaderObject>(document, object)]),
  );
  for (const [header, value] of Object.entries(headers)) {
    if (header === "content-type") continue;
    const spec = declaredHeaders[header];
    if (!spec) {
      problems.push(`${name} ${status}: header ${header} is not in its document.`);
      continue;
    }
    const validate = validatorFor(`header ${header} ${JSON.stringify(spec.schema)}`, spec.schema);
    if (!validate(value))
      problems.push(`${name} ${status}: header ${header}: ${JSON.stringify(value)} ${validate.errors?.[0]?.message}.`);
  }
  for (const [header, spec] of Object.entries(declaredHeaders)) {
    if (spec.required && headers[header] === undefined)
      problems.push(`${name} ${status}: required header ${header} is missing.`);
  }
  return problems;
}

/** Where violations wait for the test that caused them to fail (test/contract-setup.ts). */
export const violationsKey = Symbol.for("gogh.contractViolations");
