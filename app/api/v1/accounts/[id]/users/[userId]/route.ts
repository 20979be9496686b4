import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { changeUserRoleRequestSchema, USER_FIELD_NAMES } from "@/lib/api/v1/users";
import { changeUserRole } from "@/lib/domain/users/change-user-role";
import { removeUser } from "@/lib/domain/users/remove-user";

type Params = { id: string; userId: string };

const targetOf = (params: Params) => ({
  accountId: idFromPath(params.id, "Account not found."),
  userId: idFromPath(params.userId, "This person cannot sign in to this account."),
});

/** Changes someone's role on the account; the last owner stays an owner. */
export const PATCH = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const target = targetOf(params);
  const body = await readJsonBody(req, changeUserRoleRequestSchema);
  const result = await inWireNames(() => changeUserRole({ ctx, input: { ...target, role: body.role } }), USER_FIELD_NAMES);
  return { account_id: target.accountId, user_id: result.userId, role: result.role, changed: result.changed };
});

/** Takes someone's access to the account away (204); their other accounts and their user stay. */
export const DELETE = nativeRoute<Params>(async ({ ctx, params }) => {
  await removeUser({ ctx, input: targetOf(params) });
});
