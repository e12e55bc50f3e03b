import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { accessTokenSeconds } from "@gogh/core/auth";
import { Id } from "@gogh/core/id";
import * as Item from "@gogh/core/item";
import * as Profile from "@gogh/core/profile";
import { NotFound } from "@gogh/core/error";
import { parse } from "@gogh/core/fn";
import type { AdminEnv } from "../env";
import { optionalText, PositiveInt, readForm, UtcDateTime } from "../forms";
import { ActionForm, formatTime, Layout, when } from "../layout";

const BanForm = z.object({ reason: z.string(), until: optionalText(UtcDateTime) });
const GrantForm = z.object({ amount: PositiveInt, note: z.string() });
const GrantItemForm = z.object({ itemId: z.string(), note: z.string() });
const DeleteForm = z.object({ confirmFriendId: z.string() });

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
        ))}
      </Layout>,
    );
  })
  .get("/friend/:friendId", async (c) => {
    const friendId = z.safeParse(Profile.FriendId, c.req.param("friendId"));
    const found = friendId.success ? await Profile.resolveFriendId({ friendId: friendId.data }) : undefined;
    if (!found) throw new NotFound("user");
    return c.redirect(`/users/${found.userId}`, 303);
  })
  .get("/:userId", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const { session, actor } = c.var;
    const [{ profile, standing, balance, ledger, stats, stickers, rooms }, catalog] = await Promise.all([
      Admin.userDetail({ actor, userId }),
      Item.catalog(),
    ]);
    c.set(
      "imageOrigins",
      stickers.map((sticker) => new URL(sticker.url).origin),
    );
    return c.html(
      <Layout title={profile.name} session={session} done={c.req.query("done")}>
        <table>
          <tbody>
            <tr>
              <th>Name</th>
              <td data-testid="name">{profile.name}</td>
            </tr>
            <tr>
              <th>Friend ID</th>
              <td>{profile.friendId}</td>
            </tr>
            <tr>
              <th>User id</th>
              <td>{profile.userId}</td>
            </tr>
            <tr>
              <th>Bio</th>
              <td>{profile.bio || "—"}</td>
            </tr>
            <tr>
              <th>Time zone</th>
              <td>{profile.timeZone}</td>
            </tr>
            <tr>
              <th>Signed up</th>
              <td>{formatTime(standing.createdAt)}</td>
            </tr>
            <tr>
              <th>Standing</th>
              <td data-testid="standing">
                {standing.status === "banned" ? (
                  <span class="banned">
                    Banned {standing.bannedUntil ? `until ${formatTime(standing.bannedUntil)}` : "permanently"}:{" "}
                    {standing.banReason}
                  </span>
                ) : (
                  "Active"
                )}
              </td>
            </tr>
          </tbody>
        </table>

        {when(Admin.mayAct(actor.role, "moderator"), () => (
          <>
            <h2>Moderate</h2>
            {standing.status === "banned" ? (
              <ActionForm session={session} action={`/users/${userId}/unban`}>
                <button type="submit">Lift the ban</button>
              </ActionForm>
            ) : (
              <ActionForm session={session} action={`/users/${userId}/ban`}>
                <label>
                  Reason (the user is not shown it; the audit log keeps it)
                  <input name="reason" required maxlength={500} />
                </label>
                <label>
                  Until (UTC; empty for a permanent ban)
                  <input type="datetime-local" name="until" />
                </label>
                <button type="submit" class="danger">
                  Ban
                </button>
              </ActionForm>
            )}
            <p class="muted">
              A ban refuses this account's next token refresh at once. Access tokens already issued are checked without
              a database call, so they keep working until they expire: at most {accessTokenSeconds / 60} minutes. A
              permanent ban also revokes every session; a ban with an end keeps them, so the account can come back when
              it is over.
            </p>
            <ActionForm session={session} action={`/users/${userId}/reset-name`}>
              <button type="submit">Reset the name to its guest name</button>
            </ActionForm>
          </>
        ))}

        <h2>Wallet</h2>
        <p>
          Balance: <strong data-testid="balance">{balance}</strong> coins
        </p>
        {when(Admin.mayAct(actor.role, "admin"), () => (
          <ActionForm session={session} action={`/users/${userId}/grant`}>
            <label>
              Coins to grant
              <input name="amount" inputmode="numeric" required pattern="[0-9]+" />
            </label>
            <label>
              Reason
              <input name="note" required maxlength={500} />
            </label>
            <button type="submit">Grant</button>
          </ActionForm>
        ))}
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Amount</th>
              <th>Reason</th>
              <th>Balance after</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((entry) => (
              <tr>
                <td>{formatTime(entry.createdAt)}</td>
                <td>{entry.amount}</td>
                <td>{entry.reason}</td>
                <td>{entry.balanceAfter}</td>
              </tr>
            ))}
          </tbody>
        </table>

        {when(Admin.mayAct(actor.role, "admin"), () => (
          <>
            <h2>Grant an item</h2>
            <ActionForm session={session} action={`/users/${userId}/grant-item`}>
              <label>
                Item
                <select name="itemId">
                  {catalog.items
                    .filter((item) => !item.starter)
                    .map((item) => (
                      <option value={item.id}>
                        {item.id} ({item.name.en})
                      </option>
                    ))}
                </select>
              </label>
              <label>
                Reason
                <input name="note" required maxlength={500} />
              </label>
              <button type="submit">Grant the item</button>
            </ActionForm>
          </>
        ))}

        <h2>Stickers and posters ({stickers.length})</h2>
        <p>
          {stickers.map((sticker) => (
            <a href={`/moderation?status=published`} title={`${sticker.kind} ${sticker.id}`}>
              <img src={sticker.url} alt={`${sticker.kind} ${sticker.id}`} width={64} height={64} />{" "}
            </a>
          ))}
        </p>

        <h2>Rooms ({rooms.length})</h2>
        <table>
          <tbody>
            {rooms.map((room) => (
              <tr>
                <td>{room.name}</td>
                <td>{room.visibility}</td>
                <td>version {room.version}</td>
                <td>{formatTime(room.updatedAt)}</td>
                <td>
                  <a href={room.url}>document</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>Focus ({stats.timeZone})</h2>
        <p>
          Today {stats.totals.day.minutes} min in {stats.totals.day.sessions} sessions · this week{" "}
          {stats.totals.week.minutes} min · this month {stats.totals.month.minutes} min · streak {stats.streak.current}{" "}
          days (longest {stats.streak.longest})
        </p>

        {when(Admin.mayAct(actor.role, "admin"), () => (
          <>
            <h2>Delete the account</h2>
            <p class="muted">
              For a deletion asked for without the app. Everything of the person goes at once, for everyone, and cannot
              be undone: profile, friends and requests, blocks, spaces, focus history, inventory, rooms, avatar,
              stickers (their images leave storage now, and CDN edges within 5 minutes), linked Apple and Google
              identities, transfer codes. The wallet's ledger and purchases stay as ids and amounts; audit rows keep
              only ids.
            </p>
            <ActionForm session={session} action={`/users/${userId}/delete`}>
              <label>
                Type the Friend ID ({profile.friendId}) to confirm
                <input name="confirmFriendId" required maxlength={20} autocomplete="off" />
              </label>
              <button type="submit" class="danger">
                Delete this account
              </button>
            </ActionForm>
          </>
        ))}
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
  .post("/:userId/delete", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(DeleteForm, await c.req.parseBody());
    await Admin.deleteUser({ actor: c.var.actor, userId, ...form });
    return c.redirect("/users?done=deleted", 303);
  })
  .post("/:userId/grant", async (c) => {
    const userId = parse(Id, c.req.param("userId"));
    const form = readForm(GrantForm, await c.req.parseBody());
    await Admin.grantCoins({ actor: c.var.actor, userId, ...form });
    return c.redirect(`/users/${userId}?done=granted`, 303);
  });
