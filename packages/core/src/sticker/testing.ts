import { crc32, deflateSync } from "node:zlib";
import * as Sticker from "./index";

/** A valid RGBA PNG of the given size (one colour), made without sharp so examples stay light. */
export function samplePng(width = 32, height = 32): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, 0xc0)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** PUTs bytes where an upload grant says, as a client would. */
export async function putUpload(upload: Sticker.Upload, body: Uint8Array): Promise<number> {
  const response = await fetch(upload.uploadUrl, { method: "PUT", headers: upload.headers, body });
  await response.body?.cancel();
  return response.status;
}

/** A sticker (or poster) uploaded by `userId`, not completed yet. */
export async function uploadedSticker(
  userId: string,
  body = samplePng(),
  kind: Sticker.Kind = "sticker",
): Promise<string> {
  const upload = await Sticker.requestUpload({ userId, contentType: "image/png", byteLength: body.length, kind });
  const status = await putUpload(upload, body);
  if (status !== 200) throw new Error(`upload failed with ${status}`);
  return upload.stickerId;
}

/** A published sticker (or poster) of `userId`. */
export async function publishedSticker(userId: string, kind: Sticker.Kind = "sticker"): Promise<Sticker.Sticker> {
  const size = kind === "poster" ? 64 : 32;
  return Sticker.complete({ userId, stickerId: await uploadedSticker(userId, samplePng(size, size), kind) });
}
