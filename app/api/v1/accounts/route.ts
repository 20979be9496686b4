import { jsonResponse } from "@/lib/api/json";
import { nativeRoute, readJsonBody } from "@/lib/api/native";
import {
  ACCOUNT_FIELD_NAMES,
  accountListJson,
  createAccountRequestSchema,
  createdAccountJson,
  createMemberInputOf,
  listAccountsQuerySchema,
  listMembersQueryOf,
} from "@/lib/api/v1/accounts";
import { inWireNames, queryOf } from "@/lib/api/v1/common";
import { createMember } from "@/lib/domain/members/create-member";
import { getAccountRow, listMembers } from "@/lib/domain/members/queries";

/** The direct members of `parent_id` (default: the key's own account), filtered, sorted and paged on the server. */
export const GET = nativeRoute(async ({ req, ctx }) => {
  const query = listAccountsQuerySchema.parse(queryOf(req));
  const list = await listMembers(ctx, query.parent_id ?? ctx.accountId, listMembersQueryOf(query));
  return accountListJson(list, ctx.currency);
});

/** Creates a member with a generated sign-in and API key: 201 with the account and its credentials, shown once. */
export const POST = nativeRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, createAccountRequestSchema);
  const created = await inWireNames(() => createMember({ ctx, input: createMemberInputOf(body, ctx.accountId) }), ACCOUNT_FIELD_NAMES);
  const account = await getAccountRow(ctx, created.accountId);
  return jsonResponse(createdAccountJson(account, created, ctx.currency), {
    status: 201,
    headers: { location: `/api/v1/accounts/${created.accountId}` },
  });
});
