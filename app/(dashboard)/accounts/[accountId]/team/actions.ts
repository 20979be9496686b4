"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { activateMember } from "@/lib/domain/members/activate-member";
import { createMember } from "@/lib/domain/members/create-member";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { editMember } from "@/lib/domain/members/edit-member";
import { createMemberSchema, editMemberSchema, memberIdSchema } from "@/lib/domain/members/schemas";
import { suspendMember } from "@/lib/domain/members/suspend-member";

const revalidateTree = (...ids: number[]) => ids.forEach((id) => revalidatePath(`/accounts/${id}`, "layout"));

/** Creates a member under `accountId`; the password and API key in the reply are shown once. */
export const createMemberAction = defineAction({
  name: "createMember",
  schema: createMemberSchema,
  role: "admin",
  run: async (input, ctx) => {
    const created = await createMember({ ctx, input });
    revalidateTree(input.accountId);
    return created;
  },
});

export const editMemberAction = defineAction({
  name: "editMember",
  schema: editMemberSchema,
  role: "admin",
  run: async (input, ctx) => {
    const member = await editMember({ ctx, input });
    revalidateTree(member.id, member.parentId!);
    return { id: member.id, name: member.name };
  },
});

export const suspendMemberAction = defineAction({
  name: "suspendMember",
  schema: memberIdSchema,
  role: "admin",
  run: async (input, ctx) => {
    const member = await suspendMember({ ctx, input });
    revalidateTree(member.id, member.parentId!);
    return { id: member.id, status: member.status };
  },
});

export const activateMemberAction = defineAction({
  name: "activateMember",
  schema: memberIdSchema,
  role: "admin",
  run: async (input, ctx) => {
    const member = await activateMember({ ctx, input });
    revalidateTree(member.id, member.parentId!);
    return { id: member.id, status: member.status };
  },
});

export const deleteMemberAction = defineAction({
  name: "deleteMember",
  schema: memberIdSchema,
  role: "admin",
  run: async (input, ctx) => {
    const result = await deleteMember({ ctx, input });
    revalidateTree(result.accountId, result.parentId);
    return { ...result, swept: result.swept.toString() };
  },
});
