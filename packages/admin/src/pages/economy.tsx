import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import type { AdminEnv } from "../env";
import { readForm } from "../forms";
import { ActionForm, Layout } from "../layout";

const ItemForm = z.object({ json: z.string().check(z.maxLength(20_000)) });

const template = {
  id: "new-item-id",
  kind: "furniture",
  category: "chair",
  name: { ja: "名前", en: "Name" },
  price: 100,
  rarity: "common",
  starter: false,
  availability: {},
  unlock: [],
  sortOrder: 0,
};

/** An item as the seed file writes it, so that editing one here reads like editing that file. */
function asSeedEntry(item: Admin.CatalogEntry) {
  return {
    id: item.id,
    kind: item.kind,
    category: item.category,
    name: item.name,
    price: item.price,
    rarity: item.rarity,
    starter: item.starter,
    availability: {
      ...(item.availableFrom ? { from: item.availableFrom } : {}),
      ...(item.availableUntil ? { until: item.availableUntil } : {}),
    },
    unlock: item.unlock,
    sortOrder: item.sortOrder,
  };
}

export const economy = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session } = c.var;
    const { version, items, memorySeconds } = await Admin.catalog({ actor: c.var.actor });
    return c.html(
      <Layout title="Economy" session={session} done={c.req.query("done")}>
        <p class="muted">
          Catalog version {version}. An edit reaches every API Lambda within {memorySeconds} seconds. Coins and items
          are granted from a user's page.
        </p>
        {Admin.mayAct(c.var.actor.role, "admin") ? (
          <p>
            <a href="/economy/items/new">New item</a>
          </p>
        ) : null}
        <table data-testid="catalog">
          <thead>
            <tr>
              <th>Id</th>
              <th>Kind</th>
              <th>Name</th>
              <th>Price</th>
              <th>Rarity</th>
              <th>Starter</th>
              <th>Unlock</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>
                  <a href={`/economy/items/${item.id}`}>{item.id}</a>
                </td>
                <td>
                  {item.kind} / {item.category}
                </td>
                <td>
                  {item.name.ja} / {item.name.en}
                </td>
                <td>{item.price ?? "—"}</td>
                <td>{item.rarity}</td>
                <td>{item.starter ? "yes" : ""}</td>
                <td>{item.unlock.map((condition) => condition.type).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  })
  .get("/items/:itemId", async (c) => {
    const itemId = c.req.param("itemId");
    const found = (await Admin.catalog({ actor: c.var.actor })).items.find((item) => item.id === itemId);
    const entry = found ? asSeedEntry(found) : template;
    return c.html(
      <Layout title={found ? `Item ${found.id}` : "New item"} session={c.var.session}>
        <p class="muted">
          The item as it reads in the seed file (packages/core/src/item/catalog.json), checked by the same schema.
          Saving an id that exists replaces that item.
        </p>
        <ActionForm session={c.var.session} action="/economy/items">
          <label>
            Item (JSON)
            <textarea name="json" rows={22} cols={80} spellcheck={false}>
              {JSON.stringify(entry, null, 2)}
            </textarea>
          </label>
          {Admin.mayAct(c.var.actor.role, "admin") ? <button type="submit">Save the item</button> : null}
        </ActionForm>
      </Layout>,
    );
  })
  .post("/items", async (c) => {
    const { json } = readForm(ItemForm, await c.req.parseBody());
    let item: unknown;
    try {
      item = JSON.parse(json);
    } catch {
      throw Admin.invalidField("json", "Not valid JSON.");
    }
    await Admin.saveCatalogItem({ actor: c.var.actor, item: item as Admin.CatalogItem });
    return c.redirect("/economy?done=item_saved", 303);
  });
