"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { requestOrigin } from "@/lib/actions/request-origin";
import { changeUserRole } from "@/lib/domain/users/change-user-role";
import { inviteColleague } from "@/lib/domain/users/invite-colleague";
import { changeUserRoleSchema, inviteColleagueSchema, removeUserSchema, setTwoFactorRequirementSchema } from "@/lib/domain/users/people-schemas";
import { removeUser } from "@/lib/domain/users/remove-user";
import { setTwoFactorRequirement } from "@/lib/domain/users/set-two-factor-requirement";

const revalidateUsers = (accountId: number) => revalidatePath(`/accounts/${accountId}/users`);

/** Invites someone into `accountId` itself, with a role no higher than the caller's. */
export const inviteColleagueAction = defineAction({
  name: "inviteColleague",
  schema: inviteColleagueSchema,
  role: "admin",
  run: async (input, ctx) => {
    const { invitation, mailSent, replaced } = await inviteColleague({ ctx, input, requestOrigin: await requestOrigin() });
    revalidateUsers(input.accountId);
    return { invitationId: invitation.id, email: invitation.email, mailSent, replaced };
  },
});

export const changeUserRoleAction = defineAction({
  name: "changeUserRole",
  schema: changeUserRoleSchema,
  role: "admin",
  run: async (input, ctx) => {
    const changed = await changeUserRole({ ctx, input });
    revalidateUsers(input.accountId);
    return changed;
  },
});

export const removeUserAction = defineAction({
  name: "removeUser",
  schema: removeUserSchema,
  role: "admin",
  run: async (input, ctx) => {
    const removed = await removeUser({ ctx, input });
    revalidateUsers(input.accountId);
    return removed;
  },
});

export const setTwoFactorRequirementAction = defineAction({
  name: "setTwoFactorRequirement",
  schema: setTwoFactorRequirementSchema,
  role: "owner",
  run: async (input, ctx) => {
    const set = await setTwoFactorRequirement({ ctx, input });
    revalidateUsers(input.accountId);
    return set;
  },
});
