import * as Account from "@gogh/core/account/schema";
import * as Transfer from "@gogh/core/transfer/schema";
import { defineRoutes } from "../spec";

export const transferRoutes = defineRoutes({
  "POST /v1/me/transfer-code": {
    handler: "transfer/issue",
    auth: "user",
    summary:
      "A one-time code for moving to a new phone, under a passphrase the person chooses; shown once, valid 24 hours, replaces any earlier one.",
    body: Transfer.IssueBody,
    response: Transfer.IssuedCode,
    status: 201,
    rateLimited: true,
  },
  "POST /v1/auth/transfer": {
    errors: ["invalid_transfer_code", "account_banned"],
    handler: "transfer/redeem",
    auth: "none",
    summary:
      "Sign this device in with a transfer code and its passphrase; every other session of the account ends. Works once.",
    body: Transfer.RedeemBody,
    response: Account.Tokens,
    signsTokens: true,
    rateLimited: true,
  },
});
