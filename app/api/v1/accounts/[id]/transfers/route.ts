import { nativeRoute } from "@/lib/api/native";
import { idFromPath, queryOf } from "@/lib/api/v1/common";
import { ledgerQueryOf, listTransfersQuerySchema, transferListJson } from "@/lib/api/v1/transfers";
import { listTransfers } from "@/lib/domain/ledger/queries";

type Params = { id: string };

/** One page of the account's ledger (or its whole subtree's with scope=subtree), newest first by default. */
export const GET = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = idFromPath(params.id, "Account not found.");
  const query = listTransfersQuerySchema.parse(queryOf(req));
  return transferListJson(await listTransfers(ctx, accountId, ledgerQueryOf(query)), ctx.currency);
});
