import { nativeRoute } from "@/lib/api/native";
import { accountJson } from "@/lib/api/v1/accounts";
import { idFromPath } from "@/lib/api/v1/common";
import { activateMember } from "@/lib/domain/members/activate-member";
import { getAccountRow } from "@/lib/domain/members/queries";

type Params = { id: string };

/** Undoes a suspension. Idempotent; a closed account stays closed (409). */
export const POST = nativeRoute<Params>(async ({ ctx, params }) => {
  const member = await activateMember({ ctx, input: { accountId: idFromPath(params.id, "Account not found.") } });
  return accountJson(await getAccountRow(ctx, member.id), ctx.currency);
});
