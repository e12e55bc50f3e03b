import * as Wallet from "@gogh/core/wallet/schema";
import { defineRoutes } from "../spec";

export const walletRoutes = defineRoutes({
  "GET /v1/me/wallet": {
    handler: "wallet/get-wallet",
    auth: "user",
    summary: "The caller's coin balance.",
    response: Wallet.Balance,
  },
  "GET /v1/me/wallet/ledger": {
    handler: "wallet/get-ledger",
    auth: "user",
    summary: "Every change to the caller's coins, newest first, with the balance after each.",
    query: Wallet.LedgerPageQuery,
    response: Wallet.LedgerPage,
  },
});
