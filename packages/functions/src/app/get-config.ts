import * as App from "@gogh/core/app";
import { route } from "./route";

export const handler = route("GET /v1/app/config", async () => {
  return { body: await App.config() };
});
