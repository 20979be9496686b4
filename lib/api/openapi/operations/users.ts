import { z } from "zod";
import { defineOperations } from "../operation";
import { accountIdParam } from "../primitives";
import { accountUsersSchema, changedUserRoleSchema, changeUserRoleRequestSchema, invitedUserSchema, inviteUserRequestSchema } from "@/lib/api/v1/users";

export const USERS_TAG = {
  name: "Users",
  description: "Who can sign in to an account and with which role: invite people into it, change their role, take their access away.",
};

const params = z.object({ id: accountIdParam });
const userParams = z.object({
  id: accountIdParam,
  userId: z.string().regex(/^[1-9]\d{0,9}$/).meta({ description: "The user's id.", examples: ["42"] }),
});

export const USER_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/accounts/{id}/users",
    operationId: "listAccountUsers",
    summary: "List an account's users",
    description: "The people who can sign in to the account, owners first, and the invitations to join it that wait.",
    tags: ["Users"],
    params,
    responses: { 200: accountUsersSchema, 404: "The account is not in the key's subtree." },
    example: {
      params: { id: "57" },
      response: {
        account_id: 57,
        require_two_factor: false,
        users: [
          {
            user_id: 42,
            name: "Ana Ruiz",
            email: "ana@acme.example",
            username: null,
            role: "owner",
            two_factor: true,
            last_sign_in_at: "2026-12-01T08:12:00.000Z",
            invited_by: null,
            since: "2026-11-02T10:15:00.000Z",
          },
        ],
        pending: [{ invitation_id: 318, email: "sam@acme.example", role: "viewer", expires_at: "2026-12-09T10:00:00.000Z", expired: false, invited_by: "Ana Ruiz" }],
        users_above: 1,
      },
    },
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/users",
    operationId: "inviteAccountUser",
    summary: "Invite someone into an account",
    description:
      "Mails a single-use link (valid 7 days) to sign in to this account with `role`. Someone who already has a user " +
      "signs in to accept and keeps one user for all their accounts. Inviting the same address again replaces its pending link.",
    tags: ["Users"],
    params,
    body: inviteUserRequestSchema,
    responses: {
      201: invitedUserSchema,
      403: "The key's role is below admin, or below the role it gives.",
      404: "The account is not in the key's subtree.",
      409: "The person can already sign in to the account (`already_member`), the address is a platform operator's, or the account is suspended or closed.",
      422: "A field is invalid.",
    },
    example: {
      params: { id: "57" },
      body: { email: "sam@acme.example", role: "viewer" },
      response: { invitation_id: 318, account_id: 57, email: "sam@acme.example", role: "viewer", expires_at: "2026-12-09T10:00:00.000Z", replaced: false, mail_sent: true },
    },
  },
  {
    method: "patch",
    path: "/api/v1/accounts/{id}/users/{userId}",
    operationId: "changeAccountUserRole",
    summary: "Change someone's role",
    description: "The new rights hold from the person's next request. Nobody gives a role above their own, and the account keeps an owner.",
    tags: ["Users"],
    params: userParams,
    body: changeUserRoleRequestSchema,
    responses: {
      200: changedUserRoleSchema,
      403: "The key's role is below admin, below the role it gives, or below the person's role.",
      404: "The account is not in the key's subtree, or the person cannot sign in to it.",
      409: "The person is the account's last owner (`last_owner`).",
      422: "The role is invalid.",
    },
    example: { params: { id: "57", userId: "42" }, body: { role: "admin" }, response: { account_id: 57, user_id: 42, role: "admin", changed: true } },
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{id}/users/{userId}",
    operationId: "removeAccountUser",
    summary: "Take someone's access away",
    description: "They are cut off from the account at their next request; their user and their roles on other accounts stay.",
    tags: ["Users"],
    params: userParams,
    responses: {
      204: "Removed.",
      403: "The key's role is below admin, or below the person's role.",
      404: "The account is not in the key's subtree, or the person cannot sign in to it.",
      409: "The person is the account's last owner (`last_owner`).",
    },
    example: { params: { id: "57", userId: "42" } },
  },
]);
