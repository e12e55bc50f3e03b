// What accounts look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { DevicePlatform as Platform } from "../app/schema";
import { text } from "../text";

export { DevicePlatform as Platform } from "../app/schema";

/** What people call the device ("Taro's iPad"), shown where they manage their sessions. */
export const DeviceLabel = text({
  id: "DeviceLabel",
  subject: "A device label",
  min: 1,
  max: 64,
  counts: "code points",
  form: "NFC",
  column: { table: "auth_sessions", column: "device_label", size: 64 },
});

export const SignupBody = z.strictObject({
  platform: z.optional(Platform),
  deviceLabel: z.optional(DeviceLabel),
});

/** 32 random bytes as base64url (43 characters); a little room either way for a future format. */
export const RefreshBody = z.strictObject({
  refreshToken: z.string().check(z.regex(/^[\w-]{32,128}$/, "A refresh token this API issued.")),
});

export const SignoutBody = z.strictObject({ allDevices: z._default(z.boolean(), false) });

export const Tokens = z.object({
  userId: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.int().check(z.describe("Seconds until the access token expires.")),
});
export type Tokens = z.infer<typeof Tokens>;
