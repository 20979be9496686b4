import { sqlPool } from "@/lib/db/pool";
import { CARRIER_SECRET_KEY_HELP } from "./carrier-secrets";

/** At start: connections with sealed secrets exist but CARRIER_SECRET_KEY is missing or too short (null: fine). */
export async function carrierKeyProblem(): Promise<string | null> {
  const key = process.env.CARRIER_SECRET_KEY?.trim() ?? "";
  if (key.length >= 32) return null;
  const { rows } = await sqlPool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM carrier_connection WHERE removed_at IS NULL AND secret_sealed IS NOT NULL",
  );
  const count = rows[0]?.n ?? 0;
  if (count === 0) return null;
  return `Subledger cannot start: ${count} carrier connection(s) keep sealed secrets, and CARRIER_SECRET_KEY is ${key ? "shorter than 32 characters" : "not set"}.\n${CARRIER_SECRET_KEY_HELP}`;
}
