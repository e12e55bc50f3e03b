import * as Sticker from "@gogh/core/sticker/schema";
import { defineRoutes } from "../spec";

export const stickerRoutes = defineRoutes({
  "POST /v1/stickers/uploads": {
    handler: "sticker/request-upload",
    auth: "user",
    storage: { write: ["pending/"] },
    summary: "Start a sticker or poster upload: a presigned PUT bound to the type and length, valid 5 minutes.",
    body: Sticker.RequestUpload,
    response: Sticker.Upload,
    status: 201,
    errors: ["sticker_limit_reached"],
    rateLimited: true,
  },
  "POST /v1/stickers/{id}/complete": {
    handler: "sticker/complete",
    auth: "user",
    // Deletes from stickers/ too: the image of a sticker deleted while it was being completed.
    storage: { read: ["pending/"], write: ["stickers/"], delete: ["pending/", "stickers/"] },
    summary: "Check the uploaded image, re-encode it without metadata and publish it on the CDN.",
    path: Sticker.StickerPath,
    response: Sticker.Sticker,
    // Decoding and re-encoding an image up to 2048×2048 wants the CPU that comes with memory.
    memory: 1024,
    timeout: 20,
    install: ["sharp"],
    errors: ["not_found", "upload_missing", "not_an_image", "type_mismatch", "unreadable_image", "image_dimensions"],
  },
  "GET /v1/stickers": {
    handler: "sticker/list",
    auth: "user",
    summary: "The caller's published stickers and posters, newest first.",
    query: Sticker.ListQuery,
    response: Sticker.StickerPage,
  },
  "DELETE /v1/stickers/{id}": {
    handler: "sticker/remove",
    auth: "user",
    storage: { delete: ["stickers/", "pending/"] },
    summary: "Delete one of the caller's stickers; its image leaves the CDN.",
    path: Sticker.StickerPath,
    errors: ["not_found"],
  },
});
