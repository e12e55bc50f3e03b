import * as Space from "@gogh/core/space";
import { route } from "./route";

export const handler = route("GET /v1/spaces", async () => {
  return { body: await Space.listSpaces({}) };
});
