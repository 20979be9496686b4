import type { DomainContext } from "@/lib/domain/context";
import { moveAlongMemberEdge } from "./internal";
import type { MoveMemberFundsInput } from "./schemas";

/** Takes money from a child back up to its direct parent (SMS.to: "instantly removed … to the Master Account Balance"). */
export async function debitMember({ ctx, input }: { ctx: DomainContext; input: MoveMemberFundsInput }) {
  return moveAlongMemberEdge(ctx, input, "debit");
}
