import { jsonResponse } from "@/lib/api/json";
import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { accountUsersJson, inviteUserRequestSchema, USER_FIELD_NAMES, type InvitedUserJson } from "@/lib/api/v1/users";
import { listAccountUsers } from "@/lib/domain/users/account-users";
import { inviteColleague } from "@/lib/domain/users/invite-colleague";

type Params = { id: string };

/** Who can sign in to the account, with which role, and the invitations to join it that wait. */
export const GET = nativeRoute<Params>(async ({ ctx, params }) => {
  return accountUsersJson(await listAccountUsers(ctx, idFromPath(params.id, "Account not found.")));
});

/** Invites someone by e-mail to sign in to the account with a role; 201 with the invitation. */
export const POST = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = idFromPath(params.id, "Account not found.");
  const body = await readJsonBody(req, inviteUserRequestSchema);
  const { invitation, mailSent, replaced } = await inWireNames(
    () => inviteColleague({ ctx, input: { accountId, email: body.email, role: body.role }, requestOrigin: new URL(req.url).origin }),
    USER_FIELD_NAMES,
  );
  return jsonResponse(
    {
      invitation_id: invitation.id,
      account_id: accountId,
      email: invitation.email,
      role: invitation.role,
      expires_at: invitation.expiresAt.toISOString(),
      replaced,
      mail_sent: mailSent,
    } satisfies InvitedUserJson,
    { status: 201 },
  );
});
