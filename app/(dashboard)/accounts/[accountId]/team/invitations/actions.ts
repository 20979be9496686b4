"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { requestOrigin } from "@/lib/actions/request-origin";
import { inviteMemberSchema } from "@/lib/domain/members/schemas";
import { invitationActionSchema } from "@/lib/domain/members/invitation-schemas";
import { inviteMember } from "@/lib/domain/members/invite-member";
import { resendInvitation } from "@/lib/domain/members/resend-invitation";
import { revokeInvitation } from "@/lib/domain/members/revoke-invitation";

function revalidateTeam(accountId: number) {
  revalidatePath(`/accounts/${accountId}/team`, "layout");
}

export const inviteMemberAction = defineAction({
  name: "inviteMember",
  schema: inviteMemberSchema,
  role: "admin",
  run: async (input, ctx) => {
    const { invitation, mailSent, replaced } = await inviteMember({ ctx, input, requestOrigin: await requestOrigin() });
    revalidateTeam(input.accountId);
    return { invitationId: invitation.id, email: invitation.email, mailSent, replaced };
  },
});

export const resendInvitationAction = defineAction({
  name: "resendInvitation",
  schema: invitationActionSchema,
  role: "admin",
  run: async ({ accountId, invitationId }, ctx) => {
    const { invitation, mailSent } = await resendInvitation({ ctx, input: { invitationId }, requestOrigin: await requestOrigin() });
    revalidateTeam(accountId);
    return { invitationId: invitation.id, email: invitation.email, mailSent };
  },
});

export const revokeInvitationAction = defineAction({
  name: "revokeInvitation",
  schema: invitationActionSchema,
  role: "admin",
  run: async ({ accountId, invitationId }, ctx) => {
    const invitation = await revokeInvitation({ ctx, input: { invitationId } });
    revalidateTeam(accountId);
    return { invitationId: invitation.id, email: invitation.email };
  },
});
