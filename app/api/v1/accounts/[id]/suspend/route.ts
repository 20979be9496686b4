import { nativeRoute } from "@/lib/api/native";
import { accountJson } from "@/lib/api/v1/accounts";
import { idFromPath } from "@/lib/api/v1/common";
import { getAccountRow } from "@/lib/domain/members/queries";
import { suspendMember } from "@/lib/domain/members/suspend-member";

type Params = { id: string };

/** Suspends an account below the key's own: no sign-in, sends or money out; keys, logs and balance stay. Idempotent. */
export const POST = nativeRoute<Params>(async ({ ctx, params }) => {
  const member = await suspendMember({ ctx, input: { accountId: idFromPath(params.id, "Account not found.") } });
  return accountJson(await getAccountRow(ctx, member.id), ctx.currency);
});
