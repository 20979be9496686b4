export type Encoding = "gsm7" | "ucs2";

/**
 * `characters` counts what the carrier counts against the limit: septets for GSM-7 (an extension character
 * is two), UTF-16 code units for UCS-2 (an emoji is two). `remaining` is what still fits in the last part
 * before one more segment is billed.
 */
export type SegmentCount = {
  encoding: Encoding;
  characters: number;
  segments: number;
  perSegment: number;
  remaining: number;
};

/** Longest message we accept; carriers reassemble at most this many parts reliably. */
export const MAX_SEGMENTS = 10;

// GSM 03.38 default alphabet in table order. ESC (0x1B) is left out: it only introduces the extension table.
export const GSM7_BASIC: ReadonlySet<string> = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
    " !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
    "¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

// Each is sent as ESC + one septet, so it costs two.
export const GSM7_EXTENDED: ReadonlySet<string> = new Set("\f^{}\\[~]|€");

// A split message carries a 6-byte concatenation header in every part: 7 septets in GSM-7, 3 UCS-2 units.
const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const satisfies Record<Encoding, { single: number; part: number }>;

export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM7_BASIC.has(char) && !GSM7_EXTENDED.has(char)) return false;
  }
  return true;
}

export function countSegments(text: string): SegmentCount {
  const encoding: Encoding = isGsm7(text) ? "gsm7" : "ucs2";
  // Iterating by code point keeps a surrogate pair (ucs2) or an escape pair (gsm7) as one indivisible weight.
  const weights = Array.from(text, (char) =>
    encoding === "gsm7" ? (GSM7_EXTENDED.has(char) ? 2 : 1) : char.length,
  );
  const characters = weights.reduce((sum, weight) => sum + weight, 0);
  const { single, part } = LIMITS[encoding];

  if (characters <= single) {
    return { encoding, characters, segments: characters === 0 ? 0 : 1, perSegment: single, remaining: single - characters };
  }

  // A pair that does not fit in what is left of a part moves whole to the next one, leaving a gap, so the
  // count can exceed ceil(characters / part).
  let segments = 1;
  let used = 0;
  for (const weight of weights) {
    if (used + weight > part) {
      segments++;
      used = 0;
    }
    used += weight;
  }
  return { encoding, characters, segments, perSegment: part, remaining: part - used };
}
