import { z } from "zod";
import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { insertTenant } from "@/lib/domain/accounts/internal";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { generateLinkToken, hashLinkToken } from "@/lib/domain/link-token";
import { invitationExpiry } from "@/lib/domain/members/invitation-token";
import { mailInvitation, resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { recordOperatorAudit } from "./record-operator-audit";
import { recordTenantAuditByOperator } from "./internal";
import type { OperatorContext } from "./operator-context";
import { provisionTenantSchema, type ProvisionTenantInput } from "./schemas";
import { platformName } from "./set-up-platform";

/**
 * An operator opens a tenant (DESIGN.md §1): the tenant, its master account, system accounts and price list
 * now, and an invitation for its owner to join the master (the single-use link flow of member invitations,
 * kind join_account, role owner). The mail goes after the commit: `mailSent: false` means the tenant exists and
 * the invitation must be resent from the tenant's page.
 */
export async function provisionTenant({ ctx, input, requestOrigin }: { ctx: OperatorContext; input: ProvisionTenantInput; requestOrigin?: string }) {
  const parsed = provisionTenantSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const data = parsed.data;
  const baseUrl = resolveAppUrl(requestOrigin);
  const token = generateLinkToken();
  try {
    const created = await withTransaction(ctx, async (tx) => {
      if (await tx.user.findUnique({ where: { email: data.ownerEmail }, select: { id: true } })) {
        throw new ConflictError("email_taken", "A user with this e-mail address already exists: the owner needs an address of their own.");
      }
      const tenant = await insertTenant(tx, { name: data.name, currency: data.currency, maxDepth: data.maxDepth, contactEmail: data.ownerEmail });
      const invitation = await tx.invitation.create({
        data: {
          tenantId: tenant.tenantId,
          kind: "join_account",
          parentAccountId: tenant.masterAccountId,
          email: data.ownerEmail,
          role: "owner",
          tokenHash: hashLinkToken(token),
          expiresAt: invitationExpiry(),
          invitedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
        },
        select: { id: true, email: true, role: true, expiresAt: true },
      });
      const after = { name: data.name, currency: data.currency, max_depth: data.maxDepth, owner_email: data.ownerEmail };
      await recordOperatorAudit(tx, ctx, { action: "tenant_created", tenantId: tenant.tenantId, after });
      await recordTenantAuditByOperator(tx, ctx, tenant.tenantId, {
        action: "tenant_created",
        accountId: tenant.masterAccountId,
        after: { ...after, invitation_id: invitation.id },
      });
      return { ...tenant, invitation, platform: await platformName(tx) };
    });
    const mailSent = await mailInvitation({
      invitation: created.invitation,
      names: { inviterName: created.platform, accountName: data.name },
      baseUrl,
      token,
    });
    return { tenantId: created.tenantId, masterAccountId: created.masterAccountId, invitationId: created.invitation.id, mailSent };
  } catch (err) {
    throw toDomainError(err);
  }
}
