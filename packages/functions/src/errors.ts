import * as z from "zod/mini";

/**
 * Every error `code` the API answers, with its status and what it means. A route's entry in the
 * table lists the codes its use cases throw (`errors`); the codes route() itself answers follow
 * from the entry (`routeErrors`, in route-errors.ts). The OpenAPI document and the contract test both read them from
 * here, so a code a route answers but does not list fails the tests.
 */
interface ErrorCodeSpec {
  status: number;
  description: string;
  /** Fields the error object carries besides code, message and details. */
  fields?: Record<string, z.ZodMiniType>;
}

export const errorCodes = {
  validation_failed: { status: 400, description: "The input is not valid; `details` names each failing field." },
  invalid_json: { status: 400, description: "The body is not JSON." },
  document_too_large: { status: 400, description: "The document is larger than the route accepts." },
  unauthorized: { status: 401, description: "No access token; send `Authorization: Bearer <token>`." },
  invalid_token: { status: 401, description: "The access token is invalid or expired: refresh it, then retry." },
  invalid_refresh_token: { status: 401, description: "The refresh token is invalid, expired or revoked." },
  refresh_token_reused: {
    status: 401,
    description: "The refresh token was used before; the session is revoked (sign up again).",
  },
  account_banned: { status: 403, description: "The account is banned." },
  items_not_owned: {
    status: 403,
    description: "The document uses items the caller does not own; `details` names each field.",
  },
  posters_not_available: {
    status: 403,
    description: "A `posterId` is not one of the caller's published posters; `details` names each field.",
  },
  not_found: { status: 404, description: "No such thing, or not the caller's to see." },
  item_not_found: { status: 404, description: "No such item for sale (starter items are owned by everyone)." },
  no_running_session: { status: 404, description: "No focus session is running." },
  identity_not_linked: { status: 404, description: "No identity of that provider is linked to the account." },
  invalid_identity_token: {
    status: 401,
    description: "The Apple or Google identity token failed a check (signature, issuer, audience, expiry, nonce).",
  },
  account_deleted: { status: 401, description: "The account the identity was linked to has been deleted." },
  invalid_transfer_code: { status: 401, description: "No such transfer code under that passphrase (or it expired)." },
  provider_not_offered: { status: 400, description: "This sign-in provider is not offered on that platform." },
  identity_linked_elsewhere: { status: 409, description: "The identity is linked to another account." },
  provider_already_linked: {
    status: 409,
    description: "An identity of that provider is linked already: unlink it first.",
  },
  last_identity: { status: 409, description: "The last linked identity cannot be unlinked." },
  cannot_report_own: { status: 409, description: "A person cannot report themselves or what they made." },
  identity_provider_unavailable: {
    status: 503,
    description: "The provider's signing keys cannot be fetched right now; retry after `Retry-After` seconds.",
  },
  cannot_befriend_self: { status: 409, description: "That Friend ID is the caller's own." },
  cannot_block_self: { status: 409, description: "That Friend ID is the caller's own." },
  already_friends: { status: 409, description: "The two are friends already." },
  too_many_requests_sent: { status: 409, description: "The caller has 50 requests waiting already." },
  recipient_requests_full: { status: 409, description: "The person has 200 requests waiting already." },
  friend_limit_reached: { status: 409, description: "One of the two has 500 friends already." },
  session_running: {
    status: 409,
    description: "A focus session is running; finish or abandon it first. `sessionId` names it (when it is known).",
    fields: { sessionId: z.optional(z.string()) },
  },
  session_finished: { status: 409, description: "The session is finished already." },
  session_abandoned: { status: 409, description: "The session was abandoned." },
  session_expired: { status: 409, description: "The session ran for more than 6 hours and expired unpaid." },
  space_full: { status: 409, description: "The space is full; try another." },
  not_in_space: { status: 409, description: "No live seat in this space (left, or expired): join again." },
  sticker_limit_reached: { status: 409, description: "200 live stickers and posters already; delete some first." },
  upload_missing: { status: 409, description: "Nothing was uploaded for this sticker yet; PUT the file first." },
  room_limit_reached: { status: 409, description: "10 rooms already; delete one first." },
  insufficient_funds: { status: 409, description: "Not enough coins." },
  already_owned: { status: 409, description: "The caller owns this item already." },
  not_for_sale: { status: 409, description: "This item cannot be bought." },
  not_available: { status: 409, description: "This item is not on sale now." },
  idempotency_key_reused: {
    status: 409,
    description: "This Idempotency-Key was used for another item; use a new key.",
  },
  purchase_in_progress: {
    status: 409,
    description: "A purchase with this key is still being made; retry with the same key.",
  },
  version_mismatch: {
    status: 412,
    description: "If-Match names a version that is no longer current; `currentVersion` is the one that is.",
    fields: { currentVersion: z.int() },
  },
  payload_too_large: { status: 413, description: "The body is larger than this route accepts." },
  unsupported_media_type: { status: 415, description: "The body is not `application/json`." },
  not_an_image: { status: 422, description: "The uploaded file is not a PNG, JPEG or WebP image." },
  type_mismatch: { status: 422, description: "The uploaded file is not of the type the upload declared." },
  unreadable_image: { status: 422, description: "The uploaded image cannot be read." },
  image_dimensions: { status: 422, description: "The image's sides are outside the sizes its kind allows." },
  upgrade_required: {
    status: 426,
    description: "This app version is below the minimum for its platform (`X-Client-Version`); update it.",
  },
  precondition_required: {
    status: 428,
    description: 'No If-Match: send the version last seen ("0" before the first save).',
  },
  rate_limited: { status: 429, description: "Too many requests; retry after `Retry-After` seconds." },
  internal: { status: 500, description: "Something failed on our side; the message carries the request id only." },
  database_unavailable: { status: 503, description: "The database is unreachable; retry after `Retry-After`." },
  storage_unavailable: { status: 503, description: "File storage is unreachable; retry after `Retry-After`." },
  contention: {
    status: 503,
    description: "Too many changes to the same data at once; retry after `Retry-After`.",
  },
  maintenance: {
    status: 503,
    description: "Under maintenance; the message is the operators', `Retry-After` is the announced end.",
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof errorCodes;

/** Statuses whose answers say when to retry. */
export const retryStatuses = [429, 503];
