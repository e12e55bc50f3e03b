import * as Item from "@gogh/core/item";
import { route } from "./route";

export const handler = route("POST /v1/items/{id}/purchase", async ({ user, path, headers }) => {
  const { purchase, replayed } = await Item.purchase({
    userId: user.id,
    itemId: path.id,
    idempotencyKey: headers["idempotency-key"],
  });
  return { status: 201, body: purchase, headers: { "idempotent-replayed": String(replayed) } };
});
