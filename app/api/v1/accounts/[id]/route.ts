import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { ACCOUNT_FIELD_NAMES, accountJson, deletedAccountJson, deliveryReceiptInputOf, memberChangesOf, updateAccountRequestSchema } from "@/lib/api/v1/accounts";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { getAccountRow } from "@/lib/domain/members/queries";
import { updateAccount } from "@/lib/domain/accounts/update-account";

type Params = { id: string };
const accountIdOf = (params: Params) => idFromPath(params.id, "Account not found.");

/** One account of the key's subtree, its own included. */
export const GET = nativeRoute<Params>(async ({ ctx, params }) => accountJson(await getAccountRow(ctx, accountIdOf(params)), ctx.currency));

/** Changes the fields sent; the others keep their values. Only accounts below the key's own, but for delivery_receipt. */
export const PATCH = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = accountIdOf(params);
  const body = await readJsonBody(req, updateAccountRequestSchema);
  const input = { accountId, changes: memberChangesOf(body), deliveryReceipt: deliveryReceiptInputOf(body, accountId) };
  await inWireNames(() => updateAccount({ ctx, input }), ACCOUNT_FIELD_NAMES);
  return accountJson(await getAccountRow(ctx, accountId), ctx.currency);
});

/**
 * Closes the account (SMS.to "delete"): refused (409) while it has open members; otherwise its balance goes back
 * to the parent, its keys and pending invitations are revoked, and the row stays with its history.
 */
export const DELETE = nativeRoute<Params>(async ({ ctx, params }) => {
  const result = await deleteMember({ ctx, input: { accountId: accountIdOf(params) } });
  return deletedAccountJson(result, ctx.currency);
});
