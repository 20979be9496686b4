import { smstoRoute } from "@/lib/api/smsto";
import { jsonDecimal } from "@/lib/api/json";
import { getOwnBalance } from "@/lib/domain/accounts/queries";

/** SMS.to's GET /api/balance: the SDK checks an API key with it and needs `balance` (a number). */
export const GET = smstoRoute(async ({ ctx }) => {
  const { balance, currency } = await getOwnBalance(ctx);
  return { success: true, balance: jsonDecimal(balance), currency };
});
