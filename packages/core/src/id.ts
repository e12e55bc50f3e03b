import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { now as clockNow } from "./clock";

/**
 * Time-ordered ids (ULID layout: 48-bit milliseconds, 80 random bits, Crockford base32).
 * Application-made so that inserts never depend on AUTO_INCREMENT, and sortable so that
 * cursors and recent-first lists use the primary key.
 */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom = new Uint8Array(10);

/** Ids and timestamps come from the one clock, so an id's time agrees with the row's. */
export function newId(now = clockNow().getTime()): string {
  if (now <= lastTime) {
    // Same millisecond (or a clock step back): increment the random part so ids stay ordered.
    now = lastTime;
    incrementRandom(lastRandom);
  } else {
    lastTime = now;
    lastRandom = new Uint8Array(randomBytes(10));
  }
  return encodeTime(now) + encodeRandom(lastRandom);
}

/** The smallest id of a millisecond: `id >= idFloor(t)` selects what was made at or after t by primary key. */
export function idFloor(time: number): string {
  return encodeTime(time) + "0".repeat(16);
}

function encodeTime(time: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = alphabet[time % 32] + out;
    time = Math.floor(time / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(buffer >> bits) & 31];
    }
  }
  return out;
}

function incrementRandom(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 255) {
      bytes[i]!++;
      return;
    }
    bytes[i] = 0;
  }
}

export const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const Id = z.string().check(z.regex(idPattern, "Not an id."));
