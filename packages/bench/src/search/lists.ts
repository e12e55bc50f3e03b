// The other lists that grow (friends, friend requests, the wallet ledger, the admin audit log,
// the moderation queue): each table filled to a size with other people's rows, one person's (or
// operator's) own rows beside them, then a page of each list through its use case, with the rows
// MariaDB read for it. Each size has people of its own, so every measured page starts cold.
import type { Connection } from "mysql2";
import * as Admin from "@gogh/core/admin";
import * as Friend from "@gogh/core/friend";
import { newId } from "@gogh/core/id";
import * as Sticker from "@gogh/core/sticker";
import * as Wallet from "@gogh/core/wallet";
import { query } from "@gogh/local/mysql";
import type { Crowd } from "./crowd";
import { seededAt } from "./crowd";
import { measureWork } from "./rows-read";

export interface ListMeasure {
  list: string;
  /** Rows in the list's table when measured. */
  tableRows: number;
  returned: number;
  rowsRead: number;
  /** The SQL the page sent, as replayed. */
  statements: string[];
}

/** Crowd people each size uses for its subject's friends and requests. */
export const crowdPerListSize = 400;
const rowsPerStatement = 5_000;

async function insertRows(connection: Connection, table: string, columns: string[], rows: unknown[][]) {
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    await query(
      connection,
      connection.format(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ?`, [
        rows.slice(start, start + rowsPerStatement),
      ]),
    );
  }
}

async function countRows(connection: Connection, table: string): Promise<number> {
  const rows = (await query(connection, `SELECT COUNT(*) AS count FROM ${table}`)) as { count: string }[];
  return Number(rows[0]!.count);
}

/** Filler rows until `table` holds `size`, made by `row` (called with a fresh id each time). */
async function fillTo(connection: Connection, table: string, columns: string[], size: number, row: () => unknown[][]) {
  let missing = size - (await countRows(connection, table));
  while (missing > 0) {
    const rows: unknown[][] = [];
    while (rows.length < Math.min(missing, rowsPerStatement)) rows.push(...row());
    await insertRows(connection, table, columns, rows);
    missing -= rows.length;
  }
}

interface Subjects {
  userId: string;
  friends: string[];
  incoming: string[];
  outgoing: string[];
  operatorId: string;
  targetId: string;
}

/** One size's people: a person with 100 friends, 150 requests in and 30 out, 1,000 ledger rows; a busy operator. */
async function seedSubjects(connection: Connection, crowd: Crowd, sizeIndex: number): Promise<Subjects> {
  const base = sizeIndex * crowdPerListSize;
  const ids = (from: number, count: number) =>
    Array.from({ length: count }, (_, offset) => crowd.person(base + from + offset).userId);
  const subjects: Subjects = {
    userId: crowd.person(base + 300).userId,
    friends: ids(0, 100),
    incoming: ids(100, 150),
    outgoing: ids(250, 30),
    operatorId: newId(),
    targetId: newId(),
  };
  const { userId } = subjects;
  await insertRows(
    connection,
    "friendships",
    ["user_id", "other_id", "created_at"],
    subjects.friends.flatMap((other) => [
      [userId, other, seededAt],
      [other, userId, seededAt],
    ]),
  );
  const request = (from: string, to: string) => [
    newId(),
    from,
    to,
    from < to ? from : to,
    from < to ? to : from,
    seededAt,
  ];
  await insertRows(
    connection,
    "friend_requests",
    ["id", "from_user_id", "to_user_id", "pair_low", "pair_high", "created_at"],
    [...subjects.incoming.map((from) => request(from, userId)), ...subjects.outgoing.map((to) => request(userId, to))],
  );
  await insertRows(
    connection,
    "wallet_ledger",
    ["id", "user_id", "amount", "reason", "reference", "balance_after", "created_at"],
    Array.from({ length: 1000 }, (_, index) => [newId(), userId, 10, "focus", `bench-${index}`, 10 * index, seededAt]),
  );
  // The operator banned 30 people long ago; every other row they write from here on is a sticker hidden.
  await insertRows(
    connection,
    "admin_audit_log",
    auditColumns,
    Array.from({ length: 30 }, () => auditRow(subjects.operatorId, "user.ban", newId())),
  );
  await insertRows(
    connection,
    "admin_audit_log",
    auditColumns,
    Array.from({ length: 5 }, () => auditRow(newId(), "user.reset_name", subjects.targetId)),
  );
  return subjects;
}

const auditColumns = [
  "id",
  "operator_id",
  "operator_email",
  "action",
  "target_type",
  "target_id",
  "ip",
  "created_at",
] as const as unknown as string[];
const auditRow = (operatorId: string, action: string, targetId: string) => [
  newId(),
  operatorId,
  "operator@example.com",
  action,
  action.startsWith("user.") ? "user" : "sticker",
  targetId,
  "127.0.0.1",
  seededAt,
];

/** Grows every list table to `size` rows: other people's rows, and a tenth of the audit log by the busy operator. */
async function fillTables(connection: Connection, size: number, subjects: Subjects): Promise<void> {
  await fillTo(connection, "friendships", ["user_id", "other_id", "created_at"], size, () => {
    const [a, b] = [newId(), newId()];
    return [
      [a, b, seededAt],
      [b, a, seededAt],
    ];
  });
  await fillTo(
    connection,
    "friend_requests",
    ["id", "from_user_id", "to_user_id", "pair_low", "pair_high", "created_at"],
    size,
    () => {
      const [from, to] = [newId(), newId()];
      return [[newId(), from, to, from, to, seededAt]];
    },
  );
  await fillTo(
    connection,
    "wallet_ledger",
    ["id", "user_id", "amount", "reason", "reference", "balance_after", "created_at"],
    size,
    () => {
      const id = newId();
      return [[id, newId(), 10, "focus", id, 10, seededAt]];
    },
  );
  let audit = 0;
  const otherActions = ["sticker.hide", "user.ban", "user.reset_name"];
  await fillTo(connection, "admin_audit_log", auditColumns, size, () => [
    audit++ % 10 === 0
      ? auditRow(subjects.operatorId, "sticker.hide", newId())
      : auditRow(newId(), otherActions[audit % otherActions.length]!, newId()),
  ]);
  let sticker = 0;
  await fillTo(
    connection,
    "stickers",
    [
      "id",
      "user_id",
      "kind",
      "status",
      "upload_type",
      "upload_bytes",
      "published_key",
      "published_type",
      "width",
      "height",
      "created_at",
      "updated_at",
    ],
    size,
    () => {
      const id = newId();
      const status = ["published", "published", "published", "published", "hidden", "deleted"][sticker++ % 6]!;
      return [
        [
          id,
          newId(),
          "sticker",
          status,
          "image/png",
          1000,
          `stickers/${id}.png`,
          "image/png",
          256,
          256,
          seededAt,
          seededAt,
        ],
      ];
    },
  );
}

/** Follows a use case's cursors to page `page`, then measures that page. */
async function pageOf<T extends { nextCursor: string | null }>(
  connection: Connection,
  page: number,
  load: (cursor?: string) => Promise<T>,
): Promise<{ result: T; rowsRead: number; statements: string[] }> {
  let cursor: string | undefined;
  for (let at = 1; at < page; at++) cursor = (await load(cursor)).nextCursor ?? undefined;
  const measured = await measureWork(connection, () => load(cursor));
  return { result: measured.result, rowsRead: measured.rowsRead, statements: measured.statements };
}

/** Every list at one size: the tables filled to `size` rows, then a page of each. */
export async function measureLists(
  connection: Connection,
  crowd: Crowd,
  sizeIndex: number,
  size: number,
): Promise<ListMeasure[]> {
  const subjects = await seedSubjects(connection, crowd, sizeIndex);
  await fillTables(connection, size, subjects);
  const actor = { id: newId(), email: "bench@example.com", role: "viewer" as const, ip: "127.0.0.1" };
  const measures: ListMeasure[] = [];
  const record = async (
    list: string,
    table: string,
    measured: { result: unknown; rowsRead: number; statements: string[] },
    returned: number,
  ) => {
    measures.push({
      list,
      tableRows: await countRows(connection, table),
      returned,
      rowsRead: measured.rowsRead,
      statements: measured.statements,
    });
  };

  const friends = await pageOf(connection, 1, (cursor) =>
    Friend.listFriends({ userId: subjects.userId, cursor, limit: 20 }),
  );
  await record("friends, page 1 (list not yet in memory)", "friendships", friends, friends.result.items.length);
  const friendsLater = await pageOf(connection, 3, (cursor) =>
    Friend.listFriends({ userId: subjects.userId, cursor, limit: 20 }),
  );
  await record("friends, page 3", "friendships", friendsLater, friendsLater.result.items.length);

  const requests = await measureWork(connection, () => Friend.listRequests({ userId: subjects.userId }));
  await record(
    "friend requests (150 in, 30 out)",
    "friend_requests",
    requests,
    requests.result.incoming.length + requests.result.outgoing.length,
  );

  for (const page of [1, 10]) {
    const ledger = await pageOf(connection, page, (cursor) =>
      Wallet.ledger({ userId: subjects.userId, cursor, limit: 20 }),
    );
    await record(`wallet ledger, page ${page}`, "wallet_ledger", ledger, ledger.result.items.length);
  }

  const audits: [string, Admin.AuditFilter][] = [
    ["audit log, everything", {}],
    ["audit log, one operator", { operatorId: subjects.operatorId }],
    ["audit log, one action (user.ban)", { action: "user.ban" }],
    ["audit log, one target", { targetId: subjects.targetId }],
    ["audit log, one operator's user.ban", { operatorId: subjects.operatorId, action: "user.ban" }],
  ];
  for (const [list, filter] of audits) {
    const audit = await pageOf(connection, 1, () => Admin.auditLog({ actor, filter: { ...filter, limit: 50 } }));
    await record(list, "admin_audit_log", audit, audit.result.items.length);
  }

  for (const [status, page] of [
    ["published", 1],
    ["published", 20],
    ["hidden", 1],
  ] as const) {
    const queue = await pageOf(connection, page, (cursor) => Sticker.listForModeration({ status, cursor, limit: 50 }));
    await record(`moderation queue, ${status}, page ${page}`, "stickers", queue, queue.result.items.length);
  }
  return measures;
}
