/**
 * The secrets the fake hands out: API keys and generated passwords. From `crypto.getRandomValues`,
 * which every runtime with fetch has (randomUUID needs a secure context in browsers).
 */

const random = (count: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(count));

/** A new API key, shaped like the docs' examples (a UUID). */
export function newApiKey(): string {
  const hex = [...random(16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[parseInt(hex[16] ?? "0", 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The four classes ECGrid's password pattern requires, one character of each at least. */
const CLASSES = ["abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!#$%&*+-=?@^_~"] as const;
const ALL = CLASSES.join("");

/** The shortest password that can hold one character of each class. */
export const MIN_PASSWORD_LENGTH = CLASSES.length;

/** A random password of `length` characters (at least {@link MIN_PASSWORD_LENGTH}) that matches ECGrid's pattern. */
export function newPassword(length: number): string {
  const bytes = random(length * 2);
  const pick = (set: string, i: number) => set[(bytes[i] ?? 0) % set.length] ?? "x";
  const chars = Array.from({ length }, (_, i) => pick(i < CLASSES.length ? (CLASSES[i] ?? ALL) : ALL, i));
  // Shuffle, so the required classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (bytes[length + i] ?? 0) % (i + 1);
    [chars[i], chars[j]] = [chars[j] ?? "", chars[i] ?? ""];
  }
  return chars.join("");
}
