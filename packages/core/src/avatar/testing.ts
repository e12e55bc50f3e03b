import type { AvatarDocument } from "./schema";

/** An avatar of starter parts only, which everyone owns. */
export function sampleAvatar(overrides: Partial<AvatarDocument> = {}): AvatarDocument {
  return {
    schemaVersion: 1,
    parts: [
      { slot: "hair", itemId: "hair-short", color: "#3a2a1f" },
      { slot: "eyes", itemId: "eyes-round" },
      { slot: "outfit", itemId: "outfit-hoodie", color: "#5b7bd5" },
    ],
    skinColor: "#f3d7c4",
    eyeColor: "#4a3728",
    expression: "smile",
    ...overrides,
  };
}
