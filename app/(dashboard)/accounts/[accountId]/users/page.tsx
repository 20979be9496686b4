import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { roleAllows } from "@/lib/domain/context";
import { listAccountUsers } from "@/lib/domain/users/account-users";
import { resendInvitationAction, revokeInvitationAction } from "../team/invitations/actions";
import { changeUserRoleAction, inviteColleagueAction, removeUserAction, setTwoFactorRequirementAction } from "./actions";
import { AccountUsers } from "./account-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ params }: PageProps<"/accounts/[accountId]/users">) {
  const accountId = Number((await params).accountId);
  const { ctx, viewer } = await requirePageAccess(accountId, "viewer", `/accounts/${accountId}/users`);
  const list = await listAccountUsers(ctx, accountId);
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          The people who can sign in to {list.account.name}, and what they may do: an <strong>owner</strong> everything in it and below, money
          included; an <strong>admin</strong> members and settings, no money; a <strong>viewer</strong> reads.
          {list.usersAbove > 0 ? ` ${list.usersAbove} more ${list.usersAbove === 1 ? "person reaches" : "people reach"} it through an account above.` : ""}
        </p>
      </div>
      <AccountUsers
        accountId={accountId}
        accountName={list.account.name}
        isActive={list.account.status === "active"}
        requireTwoFactor={list.account.requireTwoFactor}
        twoFactorRequired={list.account.twoFactorRequired}
        users={list.users}
        pending={list.pending}
        me={viewer.userId}
        myRole={ctx.role}
        canManage={roleAllows(ctx.role, "admin")}
        isOwner={roleAllows(ctx.role, "owner")}
        actions={{
          invite: inviteColleagueAction,
          changeRole: changeUserRoleAction,
          remove: removeUserAction,
          requireTwoFactor: setTwoFactorRequirementAction,
          resend: resendInvitationAction,
          revoke: revokeInvitationAction,
        }}
      />
    </div>
  );
}
