import * as Account from "@gogh/core/account";
import * as Transfer from "@gogh/core/transfer";
import type { Examples } from "../example";
import type { transferRoutes } from "./routes";

const passphrase = "とうきょう tower 2027";

export const transferExamples: Examples<keyof typeof transferRoutes> = {
  "POST /v1/me/transfer-code": {
    valid: ({ accessToken }) => ({ token: accessToken, body: { passphrase } }),
    invalid: ({ accessToken }) => ({ token: accessToken, body: { passphrase: "short" } }),
    // The person's issue count, then the code, replacing any earlier one.
    cost: { queries: 2, cacheOps: 0 },
  },
  "POST /v1/auth/transfer": {
    valid: async () => {
      const { userId } = await Account.signup({});
      const { code } = await Transfer.issue({ userId, passphrase });
      return { body: { code, passphrase, platform: "android", deviceLabel: "New phone" } };
    },
    invalid: () => ({ body: { code: "not-a-code!", passphrase: "x" } }),
    // The address's tries, the code's tries, the code, then BEGIN, the
    // claim, the account's standing, ending its sessions, the new session and its refresh token, COMMIT.
    cost: { queries: 10, cacheOps: 0 },
  },
};
