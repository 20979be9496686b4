// The audit log as the verbs write it: one row per action, in the transaction of the change (the same xmin as
// the row it changed), none when the action fails or changes nothing, only the changed fields, and never an
// edit or a delete afterwards.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { stopQueue } from "@/lib/jobs/boss";
import type { DomainContext } from "@/lib/domain/context";
import { createSubAccount } from "@/lib/domain/accounts/create-sub-account";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/domain/api-keys/revoke-api-key";
import { rotateApiKey } from "@/lib/domain/api-keys/rotate-api-key";
import { creditMember } from "@/lib/domain/ledger/credit-member";
import { debitMember } from "@/lib/domain/ledger/debit-member";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { activateMember } from "@/lib/domain/members/activate-member";
import { createMember } from "@/lib/domain/members/create-member";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { editMember } from "@/lib/domain/members/edit-member";
import { resendInvitation } from "@/lib/domain/members/resend-invitation";
import { revokeInvitation } from "@/lib/domain/members/revoke-invitation";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { updateMember } from "@/lib/domain/members/update-member";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { removeAccountPrice } from "@/lib/domain/pricing/remove-account-price";
import { removePrice } from "@/lib/domain/pricing/remove-price";
import { setAccountPrice } from "@/lib/domain/pricing/set-account-price";
import { setPrice } from "@/lib/domain/pricing/set-price";
import { recordPayment } from "@/lib/domain/platform/record-payment";
import { testOperator } from "@/lib/testing/operator";
import { removeAutoRecharge } from "@/lib/domain/recharge/remove-auto-recharge";
import { removeBalanceAlert } from "@/lib/domain/recharge/remove-balance-alert";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { setBalanceAlert } from "@/lib/domain/recharge/set-balance-alert";
import { rejection } from "@/lib/testing/assertions";
import { contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { inviteWithToken, useTestMailbox } from "@/lib/testing/invitations";

const mailbox = useTestMailbox();

afterAll(async () => {
  await stopQueue();
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

const EUR = 1_000_000n;
const REQUEST = { ip: "203.0.113.9", userAgent: "AuditTest/1.0 (db test)" };
const settings = { paymentModel: "prepaid" as const, invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false };

/** The owner's context as an adapter hands it over: with the request's address and browser. */
const ownerOf = (tenant: TestTenant): DomainContext => ({ ...tenant.owner, request: REQUEST });

/** The tenant's newest event id: what a test writes comes after it. */
async function mark(tenant: TestTenant) {
  const [row] = await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM audit_event WHERE tenant_id = ${tenant.tenantId}`;
  return row.id ?? 0n;
}

async function eventsSince(tenant: TestTenant, since: bigint) {
  return prisma.$queryRaw<
    { id: bigint; action: string; account_id: number | null; actor_user_id: number | null; actor_api_key_id: number | null; actor_label: string | null; ip: string | null; user_agent: string | null; before: unknown; after: unknown; detail: string | null; xmin: string; created_at: Date }[]
  >`SELECT id, action, account_id, actor_user_id, actor_api_key_id, actor_label, host(ip) AS ip, user_agent, before, after, detail,
           xmin::text AS xmin, created_at
      FROM audit_event WHERE tenant_id = ${tenant.tenantId} AND id > ${since} ORDER BY id`;
}

/** The one event written since `since`, after checking that it is the only one. */
async function onlyEventSince(tenant: TestTenant, since: bigint) {
  const events = await eventsSince(tenant, since);
  expect(events.map((e) => e.action)).toHaveLength(1);
  return events[0];
}

/** Every value of a row as text, to check that a secret is nowhere in it. */
const textOf = (row: object) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value));

/** The transaction that last wrote an account row: an audit row in the same transaction carries the same xmin. */
async function accountXmin(tenant: TestTenant, accountId: number) {
  const [row] = await prisma.$queryRaw<{ xmin: string }[]>`SELECT xmin::text AS xmin FROM account WHERE tenant_id = ${tenant.tenantId} AND id = ${accountId}`;
  return row.xmin;
}

describe("member verbs", () => {
  it("createMember: one member_created row with the new account's settings and its key, in the account's transaction", async () => {
    const tenant = await makeTenant();
    const since = await mark(tenant);
    const created = await createMember({ ctx: ownerOf(tenant), input: { accountId: tenant.masterAccountId, name: "Acme Retail", email: "", ...settings, monthlyVolumeLimit: 900 } });
    const event = await onlyEventSince(tenant, since);
    expect(event).toMatchObject({ action: "member_created", account_id: created.accountId, actor_user_id: tenant.ownerUserId, actor_api_key_id: null, ip: REQUEST.ip, user_agent: REQUEST.userAgent, before: null });
    expect(event.after).toMatchObject({ name: "Acme Retail", parent_id: tenant.masterAccountId, sign_in_email: created.signInEmail, payment_model: "prepaid", monthly_volume_limit: 900, is_partner: false });
    const key = await prisma.apiKey.findFirstOrThrow({ where: { tenantId: tenant.tenantId, accountId: created.accountId } });
    expect((event.after as { api_key_id: number }).api_key_id).toBe(key.id);
    expect(event.xmin).toBe(await accountXmin(tenant, created.accountId));
    // neither the generated password nor the key's secret is in the log
    expect(textOf(event)).not.toContain(created.password);
    expect(textOf(event)).not.toContain(created.apiKey.split("_").at(-1));
  });

  it("writes nothing when the verb fails or its transaction rolls back", async () => {
    const tenant = await makeTenant();
    const plain = await makeChild(tenant);
    const since = await mark(tenant);
    // refused inside the verb's transaction: a non-partner parent
    await rejection(createMember({ ctx: ownerOf(tenant), input: { accountId: plain.id, name: "Under plain", ...settings } }));
    // a caller's transaction that fails after the verb succeeded inside it
    const boom = new Error("the caller's next step failed");
    const err = await rejection(
      withTransaction({}, async (tx) => {
        await suspendMember({ ctx: { ...ownerOf(tenant), tx }, input: { accountId: plain.id } });
        throw boom;
      }),
    );
    expect(err).toBe(boom);
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: plain.id } })).status).toBe("active");
    // refused by role
    await rejection(suspendMember({ ctx: contextFor(tenant, tenant.masterAccountId, "viewer"), input: { accountId: plain.id } }));
    expect(await eventsSince(tenant, since)).toEqual([]);
  });

  it("suspend and activate: status before and after, in the transaction that changed it; a no-op writes nothing", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    let since = await mark(tenant);
    await suspendMember({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    const suspended = await onlyEventSince(tenant, since);
    expect(suspended).toMatchObject({ action: "member_suspended", account_id: member.id, before: { status: "active" }, after: { status: "suspended" } });
    expect(suspended.xmin).toBe(await accountXmin(tenant, member.id));

    since = await mark(tenant);
    await suspendMember({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    expect(await eventsSince(tenant, since)).toEqual([]);

    await activateMember({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    const activated = await onlyEventSince(tenant, since);
    expect(activated).toMatchObject({ action: "member_activated", before: { status: "suspended" }, after: { status: "active" } });
    expect(activated.xmin).toBe(await accountXmin(tenant, member.id));
  });

  it("editMember and updateMember: only the fields that changed; an edit that changes nothing writes nothing", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant, { name: "Before Name" });
    let since = await mark(tenant);
    await editMember({ ctx: ownerOf(tenant), input: { accountId: member.id, name: "After Name", email: "", ...settings, monthlyVolumeLimit: 500 } });
    const edited = await onlyEventSince(tenant, since);
    expect(edited).toMatchObject({
      action: "member_updated",
      account_id: member.id,
      before: { name: "Before Name", monthly_volume_limit: null },
      after: { name: "After Name", monthly_volume_limit: 500 },
    });
    expect(edited.xmin).toBe(await accountXmin(tenant, member.id));

    since = await mark(tenant);
    await updateMember({ ctx: ownerOf(tenant), input: { accountId: member.id, changes: { name: "After Name" } } });
    expect(await eventsSince(tenant, since)).toEqual([]);
    await updateMember({ ctx: ownerOf(tenant), input: { accountId: member.id, changes: { paymentModel: "postpaid" } } });
    const patched = await onlyEventSince(tenant, since);
    expect(patched.before).toEqual({ payment_model: "prepaid", invoicing_account_id: null });
    expect(patched.after).toEqual({ payment_model: "postpaid", invoicing_account_id: member.id });
  });

  it("deleteMember: member_deleted and the sweep's balance_swept, both in the close's transaction; a refused delete writes neither", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 100n * EUR);
    const partner = await makeChild(tenant, { isPartner: true });
    await makeChild(tenant, { parentId: partner.id });
    let since = await mark(tenant);
    await rejection(deleteMember({ ctx: ownerOf(tenant), input: { accountId: partner.id } }));
    expect(await eventsSince(tenant, since)).toEqual([]);

    const member = await makeChild(tenant);
    await credit(tenant, member.id, 7n * EUR);
    since = await mark(tenant);
    await deleteMember({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    const [sweep, closed] = await eventsSince(tenant, since);
    expect(sweep).toMatchObject({
      action: "balance_swept",
      account_id: member.id,
      actor_user_id: tenant.ownerUserId,
      ip: REQUEST.ip,
      user_agent: REQUEST.userAgent,
      before: { from_balance: "7000000", to_balance: "93000000" },
      after: { from_balance: "0", to_balance: "100000000", amount: "7000000", from_account_id: member.id, to_account_id: tenant.masterAccountId },
      detail: "Balance returned on delete",
    });
    expect(closed).toMatchObject({ action: "member_deleted", account_id: member.id, before: { status: "active", balance: "7000000" }, after: { status: "closed", balance: "0" } });
    expect(closed.detail).toBe("0 API keys and 0 pending invitations revoked");
    expect(new Set([sweep.xmin, closed.xmin, await accountXmin(tenant, member.id)]).size).toBe(1);
    expect(await eventsSince(tenant, closed.id)).toEqual([]);
  });

  it("createSubAccount (SMS Central): one account_created row", async () => {
    const tenant = await makeTenant();
    const since = await mark(tenant);
    const account = await createSubAccount({ ctx: ownerOf(tenant), input: { parentId: null, name: "Via SMS Central", paymentModel: "postpaid", monthlyVolumeLimit: null, invoicingAccountId: null } });
    const event = await onlyEventSince(tenant, since);
    expect(event).toMatchObject({ action: "account_created", account_id: account.id, after: { name: "Via SMS Central", payment_model: "postpaid", invoicing_account_id: account.id, is_partner: true } });
    expect(event.xmin).toBe(await accountXmin(tenant, account.id));
  });
});

describe("invitations", () => {
  it("invite, resend, revoke and accept: one row each on the inviting account, the token never in it", async () => {
    const tenant = await makeTenant();
    let since = await mark(tenant);
    const first = await inviteWithToken(mailbox, tenant, { role: "viewer" }, ownerOf(tenant));
    const invited = await onlyEventSince(tenant, since);
    expect(invited).toMatchObject({ action: "member_invited", account_id: tenant.masterAccountId, ip: REQUEST.ip, after: { invitation_id: first.invitation.id, email: first.invitation.email, role: "viewer" } });
    expect(textOf(invited)).not.toContain(first.token);

    since = await mark(tenant);
    await resendInvitation({ ctx: ownerOf(tenant), input: { invitationId: first.invitation.id } });
    const resent = await onlyEventSince(tenant, since);
    expect(resent.action).toBe("invitation_resent");
    expect(Object.keys(resent.before as object)).toEqual(["expires_at"]);

    since = await mark(tenant);
    await revokeInvitation({ ctx: ownerOf(tenant), input: { invitationId: first.invitation.id } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "invitation_revoked", before: { status: "pending" }, after: { status: "revoked" } });

    const second = await inviteWithToken(mailbox, tenant, {}, ownerOf(tenant));
    since = await mark(tenant);
    const accepted = await acceptInvitation({ token: second.token, name: "Ivy Invitee", password: "a long enough password" }, { ip: "198.51.100.4", userAgent: "Invitee browser" });
    const event = await onlyEventSince(tenant, since);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: second.invitation.email } });
    expect(event).toMatchObject({ action: "invitation_accepted", account_id: accepted.memberAccountId, actor_user_id: user.id, ip: "198.51.100.4", user_agent: "Invitee browser" });
    expect(event.xmin).toBe(await accountXmin(tenant, accepted.memberAccountId));
    expect(textOf(event)).not.toContain("a long enough password");
  });
});

describe("API keys", () => {
  it("create, rotate and revoke: one row each; a second revoke changes nothing and writes nothing", async () => {
    const tenant = await makeTenant();
    let since = await mark(tenant);
    const key = await createApiKey({ ctx: ownerOf(tenant), input: { accountId: tenant.masterAccountId, name: "CI" } });
    const created = await onlyEventSince(tenant, since);
    expect(created).toMatchObject({ action: "api_key_created", account_id: tenant.masterAccountId, after: { api_key_id: key.id, name: "CI", key: key.masked } });
    expect(textOf(created)).not.toContain(key.plaintext);

    since = await mark(tenant);
    const rotated = await rotateApiKey({ ctx: ownerOf(tenant), input: { accountId: tenant.masterAccountId, apiKeyId: key.id, graceSeconds: 3600 } });
    const rotation = await onlyEventSince(tenant, since);
    expect(rotation).toMatchObject({ action: "api_key_rotated", before: { expires_at: null }, after: { expires_at: rotated.replaced.expiresAt.toISOString(), replaced_by_api_key_id: rotated.created.id } });
    expect(textOf(rotation)).not.toContain(rotated.created.plaintext);

    since = await mark(tenant);
    await revokeApiKey({ ctx: ownerOf(tenant), input: { accountId: tenant.masterAccountId, apiKeyId: rotated.created.id } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "api_key_revoked", before: { revoked_at: null } });
    since = await mark(tenant);
    await revokeApiKey({ ctx: ownerOf(tenant), input: { accountId: tenant.masterAccountId, apiKeyId: rotated.created.id } });
    expect(await eventsSince(tenant, since)).toEqual([]);
  });
});

describe("auto-recharge, alerts and prices", () => {
  it("auto-recharge: the whole rule when set, the changed fields when changed, the old rule when removed", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    let since = await mark(tenant);
    await setAutoRecharge({ ctx: ownerOf(tenant), input: { accountId: member.id, threshold: "5", mode: "fixed", amount: "20" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({
      action: "auto_recharge_set",
      account_id: member.id,
      before: null,
      after: { enabled: true, threshold: "5000000", amount: "20000000", target: null, max_per_day: null, max_amount_per_day: null },
    });
    since = await mark(tenant);
    await setAutoRecharge({ ctx: ownerOf(tenant), input: { accountId: member.id, threshold: "5", mode: "top_up", target: "50", maxPerDay: 3 } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({
      before: { amount: "20000000", target: null, max_per_day: null },
      after: { amount: null, target: "50000000", max_per_day: 3 },
    });
    since = await mark(tenant);
    await setAutoRecharge({ ctx: ownerOf(tenant), input: { accountId: member.id, threshold: "5", mode: "top_up", target: "50", maxPerDay: 3 } });
    expect(await eventsSince(tenant, since)).toEqual([]);
    await removeAutoRecharge({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "auto_recharge_removed", before: { threshold: "5000000", target: "50000000" }, after: null });
    since = await mark(tenant);
    await removeAutoRecharge({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    expect(await eventsSince(tenant, since)).toEqual([]);
  });

  it("balance alert: set, changed and removed", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    let since = await mark(tenant);
    await setBalanceAlert({ ctx: ownerOf(tenant), input: { accountId: member.id, threshold: "10" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "balance_alert_set", before: null, after: { threshold: "10000000", notify_members: false } });
    since = await mark(tenant);
    await setBalanceAlert({ ctx: ownerOf(tenant), input: { accountId: member.id, threshold: "10", notifyMembers: true } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ before: { notify_members: false }, after: { notify_members: true } });
    since = await mark(tenant);
    await removeBalanceAlert({ ctx: ownerOf(tenant), input: { accountId: member.id } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "balance_alert_removed", before: { threshold: "10000000", notify_members: true } });
  });

  it("prices: the tenant list's (set by the platform's operator) and an account's, set, changed and removed", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const operator = { ...(await testOperator()), request: REQUEST };
    let since = await mark(tenant);
    await setPrice({ ctx: operator, input: { accountId: tenant.masterAccountId, country: "IS", pricePerSegment: "0.09" } });
    const added = await onlyEventSince(tenant, since);
    expect(added).toMatchObject({ action: "price_set", account_id: tenant.masterAccountId, after: { price_per_segment: "90000" } });
    expect(added.detail).toContain("(IS)");
    expect(added.actor_label).toBe(`Platform operator: ${operator.label}`);
    since = await mark(tenant);
    await setPrice({ ctx: operator, input: { accountId: tenant.masterAccountId, country: "IS", pricePerSegment: "0.1" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ before: { price_per_segment: "90000" }, after: { price_per_segment: "100000" } });

    since = await mark(tenant);
    await setAccountPrice({ ctx: ownerOf(tenant), input: { accountId: member.id, country: "IS", pricePerSegment: "0.12" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "account_price_set", account_id: member.id, before: null, after: { price_per_segment: "120000" } });
    since = await mark(tenant);
    await removeAccountPrice({ ctx: ownerOf(tenant), input: { accountId: member.id, country: "IS" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "account_price_removed", account_id: member.id, before: { price_per_segment: "120000" } });
    since = await mark(tenant);
    await removePrice({ ctx: operator, input: { accountId: tenant.masterAccountId, country: "IS" } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "price_removed", before: { price_per_segment: "100000" } });
    await rejection(removePrice({ ctx: operator, input: { accountId: tenant.masterAccountId, country: "IS" } }));
    expect(await eventsSince(tenant, since)).toHaveLength(1);
  });
});

describe("money", () => {
  it("a payment, and credit and debit through the group commit: one row each, next to its transfer, with the request's IP and user agent", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const operator = { ...(await testOperator()), request: REQUEST };
    let since = await mark(tenant);
    const { transfer: topup } = await recordPayment({
      ctx: operator,
      input: { tenantId: tenant.tenantId, amount: "100", reference: "INV-1", memo: "Wire", idempotencyKey: `t-${randomUUID()}` },
    });
    const funded = await onlyEventSince(tenant, since);
    expect(funded).toMatchObject({
      action: "payment_recorded",
      account_id: tenant.masterAccountId,
      actor_user_id: operator.actor.type === "user" ? operator.actor.userId : null,
      actor_label: `Platform operator: ${operator.label}`,
      ip: REQUEST.ip,
      user_agent: REQUEST.userAgent,
      after: { balance: "100000000", amount: "100000000", reference: "INV-1", transfer_id: topup.id.toString() },
      detail: "Wire",
    });
    const [transfer] = await prisma.$queryRaw<{ xmin: string; created_at: Date }[]>`
      SELECT xmin::text AS xmin, created_at FROM transfer WHERE tenant_id = ${tenant.tenantId} AND id = ${topup.id}`;
    expect(funded.xmin).toBe(transfer.xmin);

    const key = `c-${randomUUID()}`;
    since = await mark(tenant);
    await creditMember({ ctx: ownerOf(tenant), input: { memberId: member.id, amount: "30", idempotencyKey: key } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({
      action: "member_credited",
      account_id: member.id,
      before: { from_balance: "100000000", to_balance: "0" },
      after: { from_balance: "70000000", to_balance: "30000000", from_account_id: tenant.masterAccountId, to_account_id: member.id },
    });
    // a replay moves nothing and records nothing; a refused move neither
    since = await mark(tenant);
    await creditMember({ ctx: ownerOf(tenant), input: { memberId: member.id, amount: "30", idempotencyKey: key } });
    await rejection(debitMember({ ctx: ownerOf(tenant), input: { memberId: member.id, amount: "31", idempotencyKey: `d-${randomUUID()}` } }));
    expect(await eventsSince(tenant, since)).toEqual([]);

    await debitMember({ ctx: { ...tenant.owner, actor: { type: "api_key", apiKeyId: 4242 } }, input: { memberId: member.id, amount: "5", idempotencyKey: `d-${randomUUID()}` } });
    expect(await onlyEventSince(tenant, since)).toMatchObject({ action: "member_debited", account_id: member.id, actor_user_id: null, actor_api_key_id: 4242, ip: null, user_agent: null });
  });

  it("a batch of concurrent credits writes one row per transfer, and a charge writes none", async () => {
    const tenant = await makeTenant();
    const members = await Promise.all(Array.from({ length: 6 }, () => makeChild(tenant)));
    await fundMaster(tenant, 1000n * EUR);
    const since = await mark(tenant);
    const posted = await Promise.all(members.map((m) => creditMember({ ctx: ownerOf(tenant), input: { memberId: m.id, amount: "10", idempotencyKey: `b-${randomUUID()}` } })));
    const events = await eventsSince(tenant, since);
    expect(events.map((e) => (e.after as { transfer_id: string }).transfer_id).sort()).toEqual(posted.map((t) => t.id.toString()).sort());

    const after = await mark(tenant);
    await sendMessages({
      ctx: { ...contextFor(tenant, members[0].id), actor: { type: "system", name: "test" } },
      input: { messages: [{ to: "+35799123456", body: "charged, not audited" }], senderId: "Tester" },
    });
    expect(await eventsSince(tenant, after)).toEqual([]);
  });
});

describe("append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of the audit log", async () => {
    const tenant = await makeTenant();
    await suspendMember({ ctx: ownerOf(tenant), input: { accountId: (await makeChild(tenant)).id } });
    const [event] = await eventsSince(tenant, 0n);
    const refusals = await Promise.all([
      rejection(prisma.$executeRaw`UPDATE audit_event SET detail = 'edited' WHERE tenant_id = ${tenant.tenantId} AND id = ${event.id}`),
      rejection(prisma.$executeRaw`DELETE FROM audit_event WHERE tenant_id = ${tenant.tenantId} AND id = ${event.id}`),
      rejection(prisma.auditEvent.deleteMany({ where: { tenantId: tenant.tenantId } })),
      rejection(prisma.$executeRawUnsafe("TRUNCATE audit_event")),
    ]);
    for (const err of refusals) expect(String(err.message)).toContain("the audit log is append-only");
    expect((await eventsSince(tenant, 0n)).find((e) => e.id === event.id)?.detail).toBe(event.detail);
  });
});
