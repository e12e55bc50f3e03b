// The parts of a person's page: who they are, what moderators and admins may do to them, and
// what they have (coins, stickers, rooms, focus).
import type { FC } from "hono/jsx";
import * as Admin from "@gogh/core/admin";
import { accessTokenSeconds } from "@gogh/core/auth";
import { ActionForm, formatTime, when } from "../layout";

export type UserDetail = Awaited<ReturnType<typeof Admin.userDetail>>;
type Section = FC<{ detail: UserDetail; session: Admin.SessionInfo }>;

export const UserPage: Section = ({ detail, session }) => {
  const role = session.operator.role;
  return (
    <>
      <Facts detail={detail} session={session} />
      {when(Admin.mayAct(role, "moderator"), () => (
        <Moderate detail={detail} session={session} />
      ))}
      <Wallet detail={detail} session={session} />
      {when(Admin.mayAct(role, "admin"), () => (
        <GrantItem detail={detail} session={session} />
      ))}
      <Stickers detail={detail} session={session} />
      <Rooms detail={detail} session={session} />
      <Focus detail={detail} session={session} />
      {when(Admin.mayAct(role, "admin"), () => (
        <DeleteAccount detail={detail} session={session} />
      ))}
    </>
  );
};

const Facts: Section = ({ detail: { profile, standing } }) => (
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
);

const Moderate: Section = ({ detail: { profile, standing }, session }) => (
  <>
    <h2>Moderate</h2>
    {standing.status === "banned" ? (
      <ActionForm session={session} action={`/users/${profile.userId}/unban`}>
        <button type="submit">Lift the ban</button>
      </ActionForm>
    ) : (
      <ActionForm session={session} action={`/users/${profile.userId}/ban`}>
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
      A ban refuses this account's next token refresh at once. Access tokens already issued are checked without a
      database call, so they keep working until they expire: at most {accessTokenSeconds / 60} minutes. A permanent ban
      also revokes every session; a ban with an end keeps them, so the account can come back when it is over.
    </p>
    <ActionForm session={session} action={`/users/${profile.userId}/reset-name`}>
      <button type="submit">Reset the name to its guest name</button>
    </ActionForm>
  </>
);

const Wallet: Section = ({ detail: { profile, balance, ledger }, session }) => (
  <>
    <h2>Wallet</h2>
    <p>
      Balance: <strong data-testid="balance">{balance}</strong> coins
    </p>
    {when(Admin.mayAct(session.operator.role, "admin"), () => (
      <ActionForm session={session} action={`/users/${profile.userId}/grant`}>
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
  </>
);

const GrantItem: Section = ({ detail: { profile, grantableItems }, session }) => (
  <>
    <h2>Grant an item</h2>
    <ActionForm session={session} action={`/users/${profile.userId}/grant-item`}>
      <label>
        Item
        <select name="itemId">
          {grantableItems.map((item) => (
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
);

const Stickers: Section = ({ detail: { stickers } }) => (
  <>
    <h2>Stickers and posters ({stickers.length})</h2>
    <p>
      {stickers.map((sticker) => (
        <a href={`/moderation?status=published`} title={`${sticker.kind} ${sticker.id}`}>
          <img src={sticker.url} alt={`${sticker.kind} ${sticker.id}`} width={64} height={64} />{" "}
        </a>
      ))}
    </p>
  </>
);

const Rooms: Section = ({ detail: { rooms } }) => (
  <>
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
  </>
);

const Focus: Section = ({ detail: { stats } }) => (
  <>
    <h2>Focus ({stats.timeZone})</h2>
    <p>
      Today {stats.totals.day.minutes} min in {stats.totals.day.sessions} sessions · this week{" "}
      {stats.totals.week.minutes} min · this month {stats.totals.month.minutes} min · streak {stats.streak.current} days
      (longest {stats.streak.longest})
    </p>
  </>
);

const DeleteAccount: Section = ({ detail: { profile }, session }) => (
  <>
    <h2>Delete the account</h2>
    <p class="muted">
      For a deletion asked for without the app. Everything of the person goes at once, for everyone, and cannot be
      undone: profile, friends and requests, blocks, spaces, focus history, inventory, rooms, avatar, stickers (their
      images leave storage now, and CDN edges within 5 minutes), linked Apple and Google identities, transfer codes. The
      wallet's ledger and purchases stay as ids and amounts; audit rows keep only ids.
    </p>
    <ActionForm session={session} action={`/users/${profile.userId}/delete`}>
      <label>
        Type the Friend ID ({profile.friendId}) to confirm
        <input name="confirmFriendId" required maxlength={20} autocomplete="off" />
      </label>
      <button type="submit" class="danger">
        Delete this account
      </button>
    </ActionForm>
  </>
);
