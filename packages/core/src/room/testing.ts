import type { Placement, RoomDocument } from "./schema";
import type * as z from "zod/mini";

/** A room furnished with `pieces` placements of starter furniture, which everyone owns (an average room has ~20). */
export function sampleRoom(pieces = 3, overrides: Partial<RoomDocument> = {}): RoomDocument {
  const starters = ["desk-basic", "chair-basic", "bed-single"];
  const furniture: z.infer<typeof Placement>[] = Array.from({ length: pieces }, (_, i) => ({
    itemId: starters[i % starters.length]!,
    x: i % 8,
    y: 0,
    z: Math.floor(i / 8) % 8,
    rotation: ((i % 4) * 90) as 0 | 90 | 180 | 270,
  }));
  return {
    schemaVersion: 1,
    size: { width: 8, depth: 8 },
    wallpaper: { color: "#f5efe6", pattern: "stripes" },
    floor: { color: "#a0764f", pattern: "wood" },
    lighting: "evening",
    furniture,
    ...overrides,
  };
}
