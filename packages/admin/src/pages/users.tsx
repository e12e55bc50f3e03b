import { Hono } from "hono";
import * as z from "zod/mini";
import type { FC } from "hono/jsx";
import * as Admin from "@gogh/core/admin";
import { Id } from "@gogh/core/id";
import { parse } from "@gogh/core/fn";
import type { AdminEnv } from "../env";
import { optionalText, PositiveInt, readForm, UtcDateTime } from "../forms";
import { Layout, when } from "../layout";
import { UserPage } from "./user-page";

const BanForm = z.object({ reason: z.string(), until: optionalText(UtcDateTime) });
const GrantForm = z.object({ amount: PositiveInt, note: z.string() });
const GrantItemForm = z.object({ itemId: z.string(), note: z.string() });
const DeleteForm = z.object({ confirmFriendId: z.string() });

const SearchResults: FC<{ found: Admin.FoundUser[] }> = ({ found }) => (
  <table data-testid="results">
    <thead>
      <tr>
        <th>Name</th>
        <th>Friend ID</th>
      </tr>
    </thead>
    <tbody>
      {found.map((user) => (
        <tr>
          <td>
            <a href={user.userId ? `/users/${user.userId}` : `/users/friend/${user.friendId}`}>{user.name}</a>
          </td>
          <td>{user.friendId}</td>
        </tr>
      ))}
      {found.length === 0 ? (
        <tr>
          <td colspan={2}>Nobody found.</td>
        </tr>
      ) : null}
    </tbody>
  </table>
);

export const users = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    const found = q ? await Admin.findUsers({ actor: c.var.actor, q }) : [];
    return c.html(
      <Layout title="Users" session={c.var.session} done={c.req.query("done")}>
        <form method="get" action="/users">
          <input type="search" name="q" value={q} placeholder="Name, Friend ID or user id" maxlength={100} />{" "}
          <button type="submit">Search</button>
        </form>
        <p class="muted">Names match as in the app: hiragana, katakana, full and half width, any case.</p>
        {when(q !== "", () => (
          <SearchResults found={found} />
        ))}
      </Layout>,
    );
  })
  .get("/friend/:friendId", async (c) => {
    const userId = await Admin.userIdByFriendId({ actor: c.var.actor, friendId: c.req.param("friendId") });
    return c.redirect(`/users/${userId}`, 303);
  })
  .get("/:userId", async (c) => {
    const detail = await Admin.userDetail({ actor: c.var.actor, userId: parse(Id, c.req.param("userId")) });
    c.set(
      "imageOrigins",
      detail.stickers.map((sticker) => new URL(sticker.url).origin),
    );
    return c.html(
      <Layout title={detail.profile.name} session={c.var.session} done={c.req.query("done")}>
        <UserPage detail={detail} session={c.var.session} />
      </Layout>,
    );
  })
  .post("/:userId/ban", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(BanForm, await c.req.parseBody());
    await Admin.banUser({ actor: c.var.actor, userId, ...form });
    return c.redirect(`/users/${userId}?done=banned`, 303);
  })
  .post("/:userId/unban", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    await Admin.unbanUser({ actor: c.var.actor, userId });
    return c.redirect(`/users/${userId}?done=unbanned`, 303);
  })
  .post("/:userId/delete", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(DeleteForm, await c.req.parseBody());
    await Admin.deleteUser({ actor: c.var.actor, userId, ...form });
    return c.redirect("/users?done=deleted", 303);
  })
  .post("/:userId/reset-name", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    await Admin.resetUserName({ actor: c.var.actor, userId });
    return c.redirect(`/users/${userId}?done=renamed`, 303);
  })
  .post("/:userId/grant-item", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(GrantItemForm, await c.req.parseBody());
    const granted = await Admin.grantItem({ actor: c.var.actor, userId, ...form });
    return c.redirect(`/users/${userId}?done=${granted ? "item_granted" : "item_owned"}`, 303);
  })
  .post("/:userId/grant", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(GrantForm, await c.req.parseBody());
    await Admin.grantCoins({ actor: c.var.actor, userId, ...form });
    return c.redirect(`/users/${userId}?done=granted`, 303);
  });
