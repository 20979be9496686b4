// Reading numeric settings from the environment (rate limits, sign-in limits).

export type Env = Record<string, string | undefined>;

/**
 * A whole-number setting: `fallback` when unset or blank, else a whole number from `min` to `max`. Anything else
 * throws, naming the setting: a typo must not silently switch a limit off (or on); the request that reads it
 * fails, with this line logged.
 */
export function wholeNumberSetting(env: Env, name: string, fallback: number, min: number, max: number) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return value;
}
