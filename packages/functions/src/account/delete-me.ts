import * as Deletion from "@gogh/core/deletion";
import { route } from "./route";

export const handler = route("DELETE /v1/me", async ({ user }) => {
  await Deletion.deleteAccount({ userId: user.id });
  return { status: 204 };
});
