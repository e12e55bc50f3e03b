import * as Account from "@gogh/core/account";
import * as Profile from "@gogh/core/profile";

export const sampleNames = [
  "さくら",
  "サクラ",
  "Sakura",
  "ゆうき",
  "Yuki",
  "たろう",
  "Taro",
  "ﾊﾅｺ",
  "はなこ",
  "Ｍｉｎａ",
];

/** Signs people up through the real use cases, `parallel` at a time; returns their tokens. */
export async function seedUsers(names: string[], parallel = 8): Promise<Account.Tokens[]> {
  const seeded: Account.Tokens[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      const tokens = await Account.signup({ platform: "ios", deviceLabel: "seed" });
      await Profile.updateMe({ userId: tokens.userId, changes: { name: names[index]!, timeZone: "Asia/Tokyo" } });
      seeded[index] = tokens;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, names.length) }, worker));
  return seeded;
}
