// What rooms look like on the wire: the route table and the use cases share these.
import * as z from "zod/mini";
import { Color } from "../avatar/schema";

import { Id } from "../id";
import { ItemId } from "../item/schema";
import { FriendId } from "../profile/friend-id";
import { text } from "../text";

export const Visibility = z.enum(["private", "friends", "public"]);
export type Visibility = z.infer<typeof Visibility>;

const Rotation = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);

/** One piece of owned furniture on the room's grid (x across, z deep, y the shelf or wall height). */
export const Placement = z.strictObject({
  itemId: ItemId,
  x: z.int().check(z.gte(0), z.lte(15)),
  y: z.int().check(z.gte(0), z.lte(7)),
  z: z.int().check(z.gte(0), z.lte(15)),
  rotation: Rotation,
  color: z.optional(Color),
  /** One of the owner's published posters, shown on poster or monitor furniture. */
  posterId: z.optional(Id),
});

/** The room as the app renders it. */
export const RoomDocument = z
  .strictObject({
    schemaVersion: z.literal(1),
    size: z.strictObject({ width: z.int().check(z.gte(4), z.lte(16)), depth: z.int().check(z.gte(4), z.lte(16)) }),
    wallpaper: z.strictObject({ color: Color, pattern: z.enum(["plain", "stripes", "dots", "wood", "brick"]) }),
    floor: z.strictObject({ color: Color, pattern: z.enum(["plain", "wood", "tile", "carpet"]) }),
    lighting: z.enum(["day", "evening", "night"]),
    furniture: z.array(Placement).check(z.maxLength(100)),
  })
  .check(
    z.refine((room) => room.furniture.every((piece) => piece.x < room.size.width && piece.z < room.size.depth), {
      message: "Every piece of furniture stands inside the room.",
      path: ["furniture"],
    }),
  );
export type RoomDocument = z.infer<typeof RoomDocument>;

/** What the CDN serves: the document as saved, each poster with the URL of its image. */
export type PublishedRoomDocument = Omit<RoomDocument, "furniture"> & {
  furniture: (RoomDocument["furniture"][number] & { posterUrl?: string })[];
};

/** Largest room document accepted, in bytes of JSON. */
export const maxRoomBytes = 16 * 1024;

export const RoomName = text({
  id: "RoomName",
  subject: "A room name",
  min: 1,
  max: 40,
  counts: "code points",
  form: "NFC",
  column: { table: "rooms", column: "name", size: 40 },
});

export const SaveRoom = z.strictObject({ name: RoomName, visibility: Visibility, document: RoomDocument });

export const RoomPath = z.object({ roomId: Id });
export const OwnerPath = z.object({ friendId: FriendId });

export const Room = z.object({
  id: z.string(),
  name: z.string(),
  visibility: Visibility,
  /** Send it back as If-Match when saving. */
  version: z.int(),
  /** The document on the CDN (immutable). */
  url: z.string(),
  updatedAt: z.iso.datetime(),
});
export type Room = z.infer<typeof Room>;
export const RoomList = z.object({ items: z.array(Room) });
export type RoomList = z.infer<typeof RoomList>;
