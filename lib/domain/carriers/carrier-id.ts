/** A carrier's id as we keep it: trimmed, upper-case, without leading zeros (Jasmin's code_dlr_msgid; jasmin#643). */
export function normaliseCarrierId(id: string): string {
  const trimmed = id.trim().toUpperCase();
  const stripped = trimmed.replace(/^0+(?=.)/, "");
  return stripped;
}
