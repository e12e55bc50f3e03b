// The key of a call: `key` (UTF-8 text) or `key_base64` (bytes, base64url or standard base64,
// padded or not). Anything else is refused rather than guessed at: Node's base64 decoder skips
// characters it does not know, which would turn a malformed key into some other key.
import { invalidArgument } from "./errors";

const BASE64 = /^[A-Za-z0-9+/]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeBase64Key(text: string): Buffer {
  const unpadded = text.replace(/={1,2}$/, "");
  const padded = unpadded.length !== text.length;
  const alphabet = BASE64.test(unpadded) ? "base64" : BASE64URL.test(unpadded) ? "base64url" : undefined;
  const malformed = () => invalidArgument("key_base64 is not valid base64 or base64url");
  if (!alphabet || unpadded.length % 4 === 1 || (padded && text.length % 4 !== 0)) throw malformed();
  const key = Buffer.from(unpadded, alphabet);
  // Leftover bits that are not zero ("QR" for "QQ") mean the text was not made by an encoder.
  if (key.toString(alphabet).replace(/=+$/, "") !== unpadded) throw malformed();
  return key;
}

export function keyOf(query: URLSearchParams): Buffer {
  const key = query.get("key");
  const keyBase64 = query.get("key_base64");
  if (key !== null && keyBase64 !== null) throw invalidArgument("Pass either `key` or `key_base64`, not both");
  const bytes = key !== null ? Buffer.from(key, "utf8") : keyBase64 !== null ? decodeBase64Key(keyBase64) : undefined;
  if (bytes === undefined) throw invalidArgument("A key is required: pass `key` or `key_base64`");
  if (bytes.byteLength === 0) throw invalidArgument("The key must not be empty");
  return bytes;
}
