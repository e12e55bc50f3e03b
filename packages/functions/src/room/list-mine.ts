import * as Room from "@gogh/core/room";
import { route } from "./route";

export const handler = route("GET /v1/me/rooms", async ({ user }) => {
  return { body: await Room.listMine({ userId: user.id }) };
});
