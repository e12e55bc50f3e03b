/**
 * Cached values are JSON. Momento bills every KiB, so a value over one KiB is stored deflated
 * when that makes it smaller. The first character says which: "j" JSON, "z" deflated JSON
 * (base64), "n" a remembered "not found".
 */
const oneKiB = 1024;
export const notFound = "n";

export async function encode(value: unknown): Promise<string> {
  if (value === undefined) return notFound;
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) <= oneKiB) return `j${json}`;
  const { deflateRawSync } = await import("node:zlib");
  const packed = deflateRawSync(json).toString("base64");
  return packed.length < json.length ? `z${packed}` : `j${json}`;
}

/** undefined for a remembered "not found"; throws on a value it cannot read. */
export async function decode<T>(stored: string): Promise<T | undefined> {
  if (stored === notFound) return undefined;
  if (stored.startsWith("j")) return JSON.parse(stored.slice(1)) as T;
  if (stored.startsWith("z")) {
    const { inflateRawSync } = await import("node:zlib");
    return JSON.parse(inflateRawSync(Buffer.from(stored.slice(1), "base64")).toString("utf8")) as T;
  }
  throw new Error("unreadable cache value");
}
