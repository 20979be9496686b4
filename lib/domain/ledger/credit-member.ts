import type { DomainContext } from "@/lib/domain/context";
import { moveAlongMemberEdge } from "./internal";
import type { MoveMemberFundsInput } from "./schemas";

/** Moves money from the parent's balance down to a direct child. */
export async function creditMember({ ctx, input }: { ctx: DomainContext; input: MoveMemberFundsInput }) {
  return moveAlongMemberEdge(ctx, input, "credit");
}
