/** Typed application errors: each carries the HTTP status and a stable machine-readable code. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly details?: ErrorDetail[];
  /** Seconds the client should wait before retrying (429, 503). */
  readonly retryAfter?: number;
  /** More machine-readable fields for the error body (a 412's current version). */
  fields?: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    extra: { details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = new.target.name;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
  }
}

export class Invalid extends AppError {
  constructor(message: string, details?: ErrorDetail[], code = "invalid_request") {
    super(400, code, message, { details });
  }
}

export class Unauthorized extends AppError {
  constructor(message = "A valid access token is required.", code = "unauthorized") {
    super(401, code, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = "You may not do this.", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFound extends AppError {
  constructor(what: string, id?: string, code = "not_found") {
    super(404, code, id === undefined ? `No such ${what}.` : `No ${what} with id ${id}.`);
  }
}

export class Conflict extends AppError {
  constructor(message: string, code = "conflict") {
    super(409, code, message);
  }
}

export class TooLarge extends AppError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaType extends AppError {
  constructor() {
    super(415, "unsupported_media_type", "Send the body as application/json.");
  }
}

export class RateLimited extends AppError {
  constructor(retryAfter: number, message = "Too many requests; try again later.") {
    super(429, "rate_limited", message, { retryAfter });
  }
}

export class Unavailable extends AppError {
  constructor(
    message = "A service this request needs is unavailable; try again shortly.",
    options: { retryAfter?: number; code?: string; cause?: unknown } = {},
  ) {
    super(503, options.code ?? "unavailable", message, { retryAfter: options.retryAfter ?? 2, cause: options.cause });
  }
}

export class UpgradeRequired extends AppError {
  constructor(minimum: string) {
    super(426, "upgrade_required", `This version of the app is no longer supported; update to ${minimum} or later.`);
  }
}

/** The request was understood, but what it points at (an uploaded file, say) cannot be used. */
export class Unprocessable extends AppError {
  constructor(message: string, code: string) {
    super(422, code, message);
  }
}

/** The client's If-Match names a version that is no longer current; the body says which is. */
export class PreconditionFailed extends AppError {
  constructor(what: string, currentVersion: number) {
    super(
      412,
      "version_mismatch",
      `The ${what} changed since the version you had; the current version is ${currentVersion}.`,
    );
    this.fields = { currentVersion };
  }
}

/** A write that must name the version it replaces came without If-Match. */
export class PreconditionRequired extends AppError {
  constructor() {
    super(428, "precondition_required", 'Send If-Match with the version you last saw ("0" when there is none yet).');
  }
}
