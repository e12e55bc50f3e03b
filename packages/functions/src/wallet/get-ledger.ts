import * as Wallet from "@gogh/core/wallet";
import { route } from "./route";

export const handler = route("GET /v1/me/wallet/ledger", async ({ user, query }) => {
  return { body: await Wallet.ledger({ userId: user.id, ...query }) };
});
