import * as Wallet from "@gogh/core/wallet";
import { route } from "./route";

export const handler = route("GET /v1/me/wallet", async ({ user }) => {
  return { body: { balance: await Wallet.balanceOf({ userId: user.id }) } };
});
