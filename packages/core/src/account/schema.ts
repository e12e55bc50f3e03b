// What accounts look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";

export const Platform = z.enum(["ios", "android", "windows", "macos"]);

/** How the person names the device in their list of sessions ("Pixel 9"). */
export const DeviceLabel = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

export const SignupBody = z.strictObject({
  platform: z.optional(Platform),
  deviceLabel: z.optional(DeviceLabel),
});

export const RefreshBody = z.strictObject({ refreshToken: z.string().check(z.minLength(32), z.maxLength(128)) });

export const SignoutBody = z.strictObject({ allDevices: z._default(z.boolean(), false) });

export const Tokens = z.object({
  userId: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.int().check(z.describe("Seconds until the access token expires.")),
});
export type Tokens = z.infer<typeof Tokens>;
