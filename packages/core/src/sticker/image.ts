// Image inspection and re-encoding with sharp. Loaded by a dynamic import from `complete` only:
// sharp is a native module that only that Lambda ships (infra gives it `nodejs.install`).
import sharp from "sharp";
import { Unprocessable } from "../error";
import { type Kind, publishedFormat, type UploadType } from "./schema";

export interface PublishedImage {
  body: Uint8Array;
  contentType: "image/png" | "image/jpeg";
  extension: "png" | "jpg";
  width: number;
  height: number;
}

/** Pixel bounds per kind: stickers are small, posters fill a wall or a monitor. */
export const dimensions: Record<Kind, { min: number; max: number }> = {
  sticker: { min: 16, max: 1024 },
  poster: { min: 64, max: 2048 },
};

/** The type the first bytes say, whatever the upload claimed; undefined for anything but PNG, JPEG and WebP. */
export function sniffType(bytes: Uint8Array): UploadType | undefined {
  const starts = (offset: number, signature: number[]) => signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // "RIFF" <size> "WEBP"
  if (starts(0, [0x52, 0x49, 0x46, 0x46]) && starts(8, [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  return undefined;
}

/**
 * Checks an upload (type by magic bytes, agreeing with what was declared; pixel dimensions)
 * and re-encodes it: upright, without any metadata (photos carry GPS positions and camera
 * serials). JPEG stays JPEG; PNG and WebP become PNG, which the Unity client decodes natively.
 */
export async function toPublishedImage(
  bytes: Uint8Array,
  declared: { contentType: UploadType; kind: Kind },
): Promise<PublishedImage> {
  const type = sniffType(bytes);
  if (!type) throw new Unprocessable("The file is not a PNG, JPEG or WebP image.", "not_an_image");
  if (type !== declared.contentType) {
    throw new Unprocessable(
      `The file is ${type}, but the upload was declared ${declared.contentType}.`,
      "type_mismatch",
    );
  }
  const { min, max } = dimensions[declared.kind];
  // Large enough for any allowed size; a decompression bomb stops here, not in memory.
  const limitInputPixels = max * max * 4;
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(bytes, { limitInputPixels }).metadata();
    // Orientation 5-8 swaps the sides once the image is turned upright.
    const turned = (metadata.orientation ?? 1) >= 5;
    width = turned ? metadata.height : metadata.width;
    height = turned ? metadata.width : metadata.height;
  } catch {
    throw new Unprocessable("The image cannot be read.", "unreadable_image");
  }
  if (width < min || height < min || width > max || height > max) {
    throw new Unprocessable(
      `A ${declared.kind} is between ${min} and ${max} pixels on each side; this one is ${width}×${height}.`,
      "image_dimensions",
    );
  }
  // sharp writes no metadata unless asked to (withMetadata/keepExif): EXIF, GPS, XMP and ICC text go.
  const image = sharp(bytes, { limitInputPixels }).rotate();
  const format = publishedFormat(type);
  try {
    const body =
      format.contentType === "image/jpeg"
        ? await image.jpeg({ quality: 88, mozjpeg: true }).toBuffer()
        : await image.png({ compressionLevel: 9 }).toBuffer();
    return { body, ...format, width, height };
  } catch {
    throw new Unprocessable("The image cannot be read.", "unreadable_image");
  }
}
