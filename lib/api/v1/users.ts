// The native API's people of an account on the wire: who can sign in to it, with which role, and the
// invitations to join it that wait.
import { z } from "zod";
import type { AccountUserRow, PendingColleague } from "@/lib/domain/users/account-users";
import { isoDateTimeSchema } from "./common";

const ROLES = ["owner", "admin", "viewer"] as const;
const roleSchema = z.enum(ROLES, { error: "Use owner, admin or viewer." });

/** The domain's field names as the wire spells them, for validation details. */
export const USER_FIELD_NAMES: Record<string, string> = { accountId: "account_id", userId: "user_id" };

// ---- requests

export const inviteUserRequestSchema = z
  .object({
    email: z.string({ error: "Send the person's e-mail address." }).max(254, "Keep the e-mail address under 254 characters."),
    role: roleSchema.describe("the role on this account; nobody grants a role above their own"),
  })
  .meta({ id: "InviteUserRequest", description: "Invite someone by e-mail to sign in to this account; the link is valid for 7 days." });

export const changeUserRoleRequestSchema = z.object({ role: roleSchema }).meta({ id: "ChangeUserRoleRequest" });

// ---- responses

export const accountUserSchema = z
  .object({
    user_id: z.number().int(),
    name: z.string(),
    email: z.string().nullable().describe("null for a person who signs in with a username only (SMS Central's user/create)"),
    username: z.string().nullable().describe("the sign-in name of a person created through SMS Central's user/create; null otherwise"),
    role: z.enum(ROLES),
    two_factor: z.boolean().describe("whether the person signs in with an authenticator code"),
    last_sign_in_at: isoDateTimeSchema.nullable(),
    invited_by: z.string().nullable().describe("the inviting user's name; null for the account's first owner or an API key's invitation"),
    since: isoDateTimeSchema,
  })
  .meta({ id: "AccountUser" });

export const pendingUserSchema = z
  .object({
    invitation_id: z.number().int(),
    email: z.string(),
    role: z.enum(ROLES),
    expires_at: isoDateTimeSchema,
    expired: z.boolean(),
    invited_by: z.string().nullable(),
  })
  .meta({ id: "PendingUser" });

export const accountUsersSchema = z
  .object({
    account_id: z.number().int(),
    require_two_factor: z.boolean().describe("everyone signing in to this account must use a second factor"),
    users: z.array(accountUserSchema).describe("owners first, then admins, then viewers"),
    pending: z.array(pendingUserSchema).describe("invitations to join this account that wait for an answer"),
    users_above: z.number().int().describe("roles held on accounts above this one, which reach it too; managed there"),
  })
  .meta({ id: "AccountUsers" });

export const invitedUserSchema = z
  .object({
    invitation_id: z.number().int(),
    account_id: z.number().int(),
    email: z.string(),
    role: z.enum(ROLES),
    expires_at: isoDateTimeSchema,
    replaced: z.boolean().describe("an earlier pending link to this address was revoked"),
    mail_sent: z.boolean().describe("false: the invitation exists but the mail server refused it; invite again to resend"),
  })
  .meta({ id: "InvitedUser" });
export type InvitedUserJson = z.output<typeof invitedUserSchema>;

export const changedUserRoleSchema = z
  .object({ account_id: z.number().int(), user_id: z.number().int(), role: z.enum(ROLES), changed: z.boolean().describe("false: the person already had this role") })
  .meta({ id: "ChangedUserRole" });

const userJson = (u: AccountUserRow): z.output<typeof accountUserSchema> => ({
  user_id: u.userId,
  name: u.name,
  email: u.email,
  username: u.username,
  role: u.role,
  two_factor: u.twoFactor,
  last_sign_in_at: u.lastSignInAt,
  invited_by: u.invitedBy,
  since: u.since,
});

const pendingJson = (p: PendingColleague): z.output<typeof pendingUserSchema> => ({
  invitation_id: p.invitationId,
  email: p.email,
  role: p.role,
  expires_at: p.expiresAt,
  expired: p.isExpired,
  invited_by: p.invitedBy,
});

export function accountUsersJson(list: {
  account: { id: number; requireTwoFactor: boolean };
  users: AccountUserRow[];
  pending: PendingColleague[];
  usersAbove: number;
}): z.output<typeof accountUsersSchema> {
  return {
    account_id: list.account.id,
    require_two_factor: list.account.requireTwoFactor,
    users: list.users.map(userJson),
    pending: list.pending.map(pendingJson),
    users_above: list.usersAbove,
  };
}
