// What accounts look like on the wire: the route table and the use cases share these.
import * as z from "zod";

export const Platform = z.enum(["ios", "android", "windows", "macos"]);

export const SignupBody = z.strictObject({
  platform: Platform.optional(),
  deviceLabel: z.string().trim().min(1).max(64).optional(),
});

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(32).max(128) });

export const SignoutBody = z.strictObject({ allDevices: z.boolean().default(false) });

export const Tokens = z.object({
  userId: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe("Seconds until the access token expires."),
});
export type Tokens = z.infer<typeof Tokens>;
