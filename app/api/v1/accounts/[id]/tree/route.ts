import { nativeRoute } from "@/lib/api/native";
import { accountTreeJson, accountTreeQuerySchema } from "@/lib/api/v1/accounts";
import { idFromPath, queryOf } from "@/lib/api/v1/common";
import { listSubtree } from "@/lib/domain/accounts/queries";

type Params = { id: string };

/** The account and everything below it, depth-first, capped at `limit` (default 500). */
export const GET = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const rootId = idFromPath(params.id, "Account not found.");
  const { limit } = accountTreeQuerySchema.parse(queryOf(req));
  return accountTreeJson(rootId, await listSubtree(ctx, rootId, { limit }));
});
