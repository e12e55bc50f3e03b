import { type Kysely, sql } from "kysely";

// Public spaces people sit in together. Who sits where is never stored here: occupancy and
// presence live only in the cache. Seeded with a few spaces until the console manages them;
// the ids are fixed so that examples and tests can name them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE spaces (
      id CHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      slug VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      name VARCHAR(100) NOT NULL,
      capacity INT UNSIGNED NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'open',
      sort_order INT NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY spaces_slug (slug),
      KEY spaces_status_order (status, sort_order, id)
    )`.execute(db);

  const at = new Date("2026-11-25T00:00:00.000Z");
  const seeds = [
    { id: "01KSPACE00000000000000000A", slug: "library", name: "Library", capacity: 50 },
    { id: "01KSPACE00000000000000000B", slug: "cafe", name: "Cafe", capacity: 30 },
    { id: "01KSPACE00000000000000000C", slug: "night-owls", name: "Night owls", capacity: 30 },
    { id: "01KSPACE00000000000000000D", slug: "toshokan", name: "図書館", capacity: 50 },
    { id: "01KSPACE00000000000000000E", slug: "kissaten", name: "喫茶店", capacity: 20 },
    { id: "01KSPACE00000000000000000F", slug: "yofukashi", name: "夜ふかし部", capacity: 20 },
  ];
  await sql`
    INSERT INTO spaces (id, slug, name, capacity, status, sort_order, created_at) VALUES ${sql.join(
      seeds.map(
        (space, index) => sql`(${space.id}, ${space.slug}, ${space.name}, ${space.capacity}, 'open', ${index}, ${at})`,
      ),
    )}`.execute(db);
}
