// The native API's invitation routes against the real database and a capture mail server: the invitee gets the
// mail and its link works; list, resend and revoke; validation and reach.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { invitationListSchema, invitationSchema, sentInvitationSchema } from "@/lib/api/v1/invitations";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { findInvitationForLink } from "@/lib/domain/members/invitation-queries";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { apiRequest, expectBody, expectError, keyOf, revokeKey, routeParams } from "@/lib/testing/api-requests";
import { makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { invite, latestTokenFor, newInviteeEmail, useTestMailbox } from "@/lib/testing/invitations";
import * as invitations from "@/app/api/v1/invitations/route";
import * as invitation from "@/app/api/v1/invitations/[id]/route";
import * as resend from "@/app/api/v1/invitations/[id]/resend/route";

const mailbox = useTestMailbox();
afterAll(() => stopQueue());

type Key = string | null;
const list = (key: Key, query = "") => invitations.GET(apiRequest(`/api/v1/invitations${query}`, key));
const create = (key: Key, body: unknown) => invitations.POST(apiRequest("/api/v1/invitations", key, { body }));
const revoke = (key: Key, id: number | string) =>
  invitation.DELETE(apiRequest(`/api/v1/invitations/${id}`, key, { method: "DELETE" }), routeParams({ id: String(id) }));
const resendOne = (key: Key, id: number | string) =>
  resend.POST(apiRequest(`/api/v1/invitations/${id}/resend`, key, { method: "POST" }), routeParams({ id: String(id) }));

const masterKey = async (tenant: TestTenant) => (await keyOf(tenant, tenant.masterAccountId, "master")).plaintext;

describe("POST /api/v1/invitations", () => {
  it("invites by e-mail: 201, the mail carries a working link, and the list shows it", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const email = newInviteeEmail();
    const res = await create(key, { email: email.toUpperCase(), name: "Invited Ltd", monthly_limit: 300, is_partner: true });
    const sent = await expectBody(res, 201, sentInvitationSchema);
    expect(sent).toMatchObject({
      account_id: tenant.masterAccountId, email, role: "owner", status: "pending", name: "Invited Ltd", payment_model: "prepaid",
      invoicing_account_id: null, monthly_limit: 300, is_partner: true, invited_by: null, member: null, accepted_at: null, revoked_at: null,
      mail_sent: true,
    });
    expect(res.headers.get("location")).toBe(`/api/v1/invitations/${sent.id}`);
    expect(Date.parse(sent.expires_at) - Date.parse(sent.last_sent_at)).toBe(7 * 86_400_000);

    const token = await latestTokenFor(mailbox, email);
    expect((await findInvitationForLink(token))?.email).toBe(email);
    const accepted = await acceptInvitation({ token, name: "Invitee", password: "a long enough password" });

    const listed = await expectBody(await list(key), 200, invitationListSchema);
    expect(listed).toMatchObject({ total: 1, page: 1, per_page: 25 });
    expect(listed.data[0]).toMatchObject({ id: sent.id, status: "accepted", member: { id: accepted.memberAccountId, name: "Invited Ltd" } });
    expect(listed.data[0].accepted_at).not.toBeNull();
  });

  it("invites under a partner member (postpaid, invoiced to an ancestor) with the role asked for", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const partner = await makeChild(tenant, { isPartner: true });
    const sent = await expectBody(
      await create(key, { email: newInviteeEmail(), role: "viewer", account_id: partner.id, payment_model: "postpaid", invoicing_account_id: tenant.masterAccountId }),
      201,
      sentInvitationSchema,
    );
    expect(sent).toMatchObject({ account_id: partner.id, role: "viewer", payment_model: "postpaid", invoicing_account_id: tenant.masterAccountId });
    const partnerKey = (await keyOf(tenant, partner.id)).plaintext;
    expect((await expectBody(await list(partnerKey), 200, invitationListSchema)).data.map((i) => i.id)).toEqual([sent.id]);
    expect((await expectBody(await list(key, `?account_id=${partner.id}`), 200, invitationListSchema)).total).toBe(1);
    expect((await expectBody(await list(key), 200, invitationListSchema)).total).toBe(0);
  });

  it("refuses bad bodies with 400/422 under the wire's names, a taken e-mail with 409, and inviting nowhere it reaches with 404", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const details = async (body: unknown) => (await expectError(await create(key, body), 422)).details!;

    expect((await expectError(await create(key, "{"), 400)).code).toBe("invalid_json");
    expect(await details({})).toEqual({ email: ["Send the invitee's e-mail address."] });
    expect(await details({ email: "not an address" })).toEqual({ email: ["Enter a valid e-mail address."] });
    expect(await details({ email: 42 })).toEqual({ email: ["Send the invitee's e-mail address."] });
    expect(Object.keys(await details({ email: newInviteeEmail(), role: "boss", payment_model: 1, is_partner: "no", monthly_limit: 0, account_id: -1 }))).toEqual([
      "role", "account_id", "payment_model", "monthly_limit", "is_partner",
    ]);
    expect(await details({ email: newInviteeEmail(), invoicing_account_id: tenant.masterAccountId })).toEqual({
      invoicing_account_id: ["Only postpaid accounts have an invoicing account."],
    });
    const plain = await makeChild(tenant);
    expect((await expectError(await create(key, { email: newInviteeEmail(), account_id: plain.id }), 422)).message).toMatch(/not a partner/);
    expect((await expectError(await create(key, { email: tenant.ownerEmail }), 409)).code).toBe("email_taken");

    const other = await makeTenant();
    await expectError(await create(key, { email: newInviteeEmail(), account_id: other.masterAccountId }), 404);
    const member = await makeChild(tenant, { isPartner: true });
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    await expectError(await create(memberKey, { email: newInviteeEmail(), account_id: tenant.masterAccountId }), 404);
    await suspendMember({ ctx: tenant.owner, input: { accountId: member.id } });
    expect((await expectError(await create(key, { email: newInviteeEmail(), account_id: member.id }), 409)).code).toBe("account_suspended");
    expect(await prisma.invitation.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });
});

describe("GET /api/v1/invitations", () => {
  it("filters by status and pages; refuses a malformed query (422) and another subtree's account (404)", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const first = await invite(tenant);
    const second = await invite(tenant);
    const third = await invite(tenant);
    await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: first.invitation.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectBody(await revoke(key, second.invitation.id), 200, invitationSchema);

    const all = await expectBody(await list(key), 200, invitationListSchema);
    expect(all.data.map((i) => [i.id, i.status])).toEqual([
      [third.invitation.id, "pending"],
      [second.invitation.id, "revoked"],
      [first.invitation.id, "expired"],
    ]);
    expect(all.data[0].invited_by).toBe("Test Owner");
    for (const status of ["pending", "expired", "revoked"] as const) {
      const filtered = await expectBody(await list(key, `?status=${status}`), 200, invitationListSchema);
      expect(filtered.data.map((i) => i.status)).toEqual([status]);
    }
    expect((await expectBody(await list(key, "?status=accepted"), 200, invitationListSchema)).data).toEqual([]);
    const paged = await expectBody(await list(key, "?per_page=2&page=2"), 200, invitationListSchema);
    expect(paged).toMatchObject({ total: 3, per_page: 2, page: 2, data: [{ id: first.invitation.id }] });

    for (const [query, field] of [
      ["?status=open", "status"],
      ["?per_page=1000", "per_page"],
      ["?account_id=x", "account_id"],
    ] as const) {
      expect(Object.keys((await expectError(await list(key, query), 422)).details!)).toEqual([field]);
    }
    const member = await makeChild(tenant, { isPartner: true });
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    await expectError(await list(memberKey, `?account_id=${tenant.masterAccountId}`), 404);
    await expectError(await list(key, `?account_id=${(await makeTenant()).masterAccountId}`), 404);
  });
});

describe("resend and revoke", () => {
  it("resends with a new link (the old one dies), revokes, then refuses both with 409", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const { invitation: invited } = await invite(tenant);
    const oldToken = await latestTokenFor(mailbox, invited.email);

    const resent = await expectBody(await resendOne(key, invited.id), 200, sentInvitationSchema);
    expect(resent).toMatchObject({ id: invited.id, status: "pending", mail_sent: true });
    expect(await mailbox.mailsTo(invited.email)).toHaveLength(2);
    expect(await findInvitationForLink(oldToken)).toBeNull();
    const newToken = await latestTokenFor(mailbox, invited.email);
    expect((await findInvitationForLink(newToken))?.status).toBe("pending");

    const revoked = await expectBody(await revoke(key, invited.id), 200, invitationSchema);
    expect(revoked).toMatchObject({ id: invited.id, status: "revoked" });
    expect(revoked.revoked_at).not.toBeNull();
    expect((await findInvitationForLink(newToken))?.status).toBe("revoked");

    expect((await expectError(await revoke(key, invited.id), 409)).code).toBe("invitation_not_pending");
    expect((await expectError(await resendOne(key, invited.id), 409)).code).toBe("invitation_not_pending");
  });

  it("answers 404 for another tenant's, a sibling branch's, an unknown or a malformed invitation id; 401 without a usable key", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const siblings = await invite(tenant, { accountId: sibling.id });
    const fromMaster = await invite(tenant);
    const partnerKey = await keyOf(tenant, partner.id);
    const other = await makeTenant();
    const foreign = await invite(other);

    for (const [k, id] of [
      [partnerKey.plaintext, siblings.invitation.id],
      [partnerKey.plaintext, fromMaster.invitation.id],
      [key, foreign.invitation.id],
      [key, 2_147_483_647],
      [key, "abc"],
      [key, "0"],
    ] as const) {
      expect(await expectError(await revoke(k, id), 404)).toEqual({ code: "not_found", message: "Invitation not found." });
      expect((await expectError(await resendOne(k, id), 404)).code).toBe("not_found");
    }
    // the master reaches the sibling's invitation
    expect((await expectBody(await resendOne(key, siblings.invitation.id), 200, sentInvitationSchema)).account_id).toBe(sibling.id);

    await expectError(await revoke(null, fromMaster.invitation.id), 401);
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    await expectError(await list(partnerKey.plaintext), 401);
    await revokeKey(tenant, partnerKey.id);
    await expectError(await list(partnerKey.plaintext), 401);
    const masterKeyRow = await keyOf(tenant, tenant.masterAccountId, "to revoke");
    await revokeKey(tenant, masterKeyRow.id);
    await expectError(await revoke(masterKeyRow.plaintext, fromMaster.invitation.id), 401);
    await expectError(await create(masterKeyRow.plaintext, { email: newInviteeEmail() }), 401);
    expect((await expectBody(await list(key), 200, invitationListSchema)).data.map((i) => i.status)).toEqual(["pending"]);
  });
});
