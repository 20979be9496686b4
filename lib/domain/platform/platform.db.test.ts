import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { authenticateApiKey } from "@/lib/domain/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { setPrice } from "@/lib/domain/pricing/set-price";
import { setDefaultPrice } from "@/lib/domain/pricing/set-default-price";
import { startDefaultPrices } from "@/lib/domain/pricing/start-default-prices";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";
import { contextFor, credit, makeChild, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";
import { latestTokenFor, TEST_APP_URL, useTestMailbox } from "@/lib/testing/invitations";
import { payIn, testOperator } from "@/lib/testing/operator";
import { rejection } from "@/lib/testing/assertions";
import { acceptOperatorInvitation, findOperatorInvitation } from "./accept-operator-invitation";
import { activateTenant } from "./activate-tenant";
import { authenticateOperatorKey } from "./authenticate-operator-key";
import { closeTenant } from "./close-tenant";
import { createOperatorKey } from "./create-operator-key";
import { inviteOperator } from "./invite-operator";
import { provisionTenant } from "./provision-tenant";
import { getTenantDetail, listOperatorAudit, listPayments, listTenants, platformTotals } from "./queries";
import { recordPayment } from "./record-payment";
import { resendOwnerInvitation } from "./resend-owner-invitation";
import { revokeOperatorKey } from "./revoke-operator-key";
import { isPlatformSetUp, isSetupLinkLive, issueSetupLink, setUpPlatform } from "./set-up-platform";
import { suspendTenant } from "./suspend-tenant";
import { findSignUp, requestSignUp, verifySignUp } from "./sign-up";

const mailbox = useTestMailbox();
const EUR = 1_000_000n;

afterAll(async () => {
  await stopQueue();
});

const sum = (rows: { balance: bigint }[]) => rows.reduce((s, r) => s + r.balance, 0n);
const tenantBooks = async (tenantId: number) =>
  prisma.account.findMany({ where: { tenantId }, select: { id: true, kind: true, balance: true, status: true }, orderBy: { id: "asc" } });

describe("first run", () => {
  it("prints a setup link only while there is no operator; the link makes the first operator once, and then nothing is left to set up", async () => {
    // the shared test database has operators from other files: hide them for this test, and give them back after
    const others = await prisma.user.findMany({ where: { isOperator: true }, select: { id: true } });
    const platformBefore = await prisma.platform.findUnique({ where: { id: 1 } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { isOperator: false } });
    try {
      expect(await isPlatformSetUp()).toBe(false);
      const first = await issueSetupLink({ baseUrl: "https://sms.example.com/" });
      const second = await issueSetupLink({ baseUrl: "https://sms.example.com" });
      expect(first?.url).toMatch(/^https:\/\/sms\.example\.com\/setup\?token=[A-Za-z0-9_-]{43}$/);
      const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
      const [token1, token2] = [tokenOf(first!.url), tokenOf(second!.url)];
      // only the hash is stored
      expect(await prisma.singleUseToken.count({ where: { tokenHash: { in: [token1, token2] } } })).toBe(0);
      expect(await isSetupLinkLive(token1)).toBe(true);
      expect(await isSetupLinkLive("x".repeat(43))).toBe(false);

      const email = `ops-${randomUUID()}@platform.test`;
      const input = { platformName: "Acme SMS", name: "Ada Ops", email, password: "a long enough password" };
      // a bad field writes nothing and spends nothing
      const invalid = await rejection(setUpPlatform({ input: { ...input, password: "short" }, token: token1 }));
      expect(invalid.message).toBe("Check the highlighted fields.");
      expect(await isSetupLinkLive(token1)).toBe(true);

      // two submits of the same link race: one operator
      const results = await Promise.allSettled([setUpPlatform({ input, token: token1 }), setUpPlatform({ input, token: token1 })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await prisma.user.count({ where: { email, isOperator: true } })).toBe(1);
      expect((await prisma.platform.findUniqueOrThrow({ where: { id: 1 } })).name).toBe("Acme SMS");
      // every link died with the first use, and there is nothing left to set up: the same answer for all
      expect(await isSetupLinkLive(token1)).toBe(false);
      expect(await isSetupLinkLive(token2)).toBe(false);
      const used = await rejection(setUpPlatform({ input: { ...input, email: `x-${email}` }, token: token2 }));
      const unknown = await rejection(setUpPlatform({ input: { ...input, email: `y-${email}` }, token: "z".repeat(43) }));
      expect(used.message).toBe(unknown.message);
      expect(await issueSetupLink({ baseUrl: "https://sms.example.com" })).toBeNull();
      await expect(setUpPlatform({ input: { ...input, email: `z-${email}` }, token: null })).rejects.toThrow(/already has an operator/);

      // the operator signs in to the console, never through a tenant's API
      expect(await authenticateUser({ email, password: input.password })).toMatchObject({ ok: true });
      expect(await authenticateUser({ email, password: input.password }, { via: "smscentral" })).toMatchObject({ ok: false, reason: "account_inactive" });
      const audit = await listOperatorAudit({ action: "platform_set_up" });
      expect(audit.rows[0]).toMatchObject({ action: "platform_set_up", actor: "Ada Ops" });
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { isOperator: true } });
      if (platformBefore) await prisma.platform.update({ where: { id: 1 }, data: { name: platformBefore.name } });
    }
  });
});

describe("tenants", () => {
  it("an operator opens a tenant; its owner joins the master from the e-mailed link and is its only owner", async () => {
    const ctx = await testOperator();
    const ownerEmail = `owner-${randomUUID()}@tenant.test`;
    const created = await provisionTenant({ ctx, input: { name: "Northwind Retail", currency: "usd", maxDepth: 4, ownerEmail } });
    expect(created.mailSent).toBe(true);
    const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: created.tenantId } });
    expect(tenant).toMatchObject({ name: "Northwind Retail", currency: "USD", maxDepth: 4 });
    const books = await tenantBooks(created.tenantId);
    expect(books.map((a) => a.kind)).toEqual(["customer", "funding", "usage"]);
    expect(sum(books)).toBe(0n);
    // no default USD list: the built-in one
    expect(await prisma.price.count({ where: { tenantId: created.tenantId } })).toBe(DEFAULT_PRICES.length);
    expect(await prisma.membership.count({ where: { tenantId: created.tenantId } })).toBe(0);
    expect((await getTenantDetail(created.tenantId)).owner).toEqual({ email: ownerEmail, name: null, pending: true });

    const [mail] = await mailbox.mailsTo(ownerEmail);
    expect(mail.subject).toContain("Northwind Retail");
    expect(mail.text).toContain("an owner");
    const token = await latestTokenFor(mailbox, ownerEmail);
    const joined = await acceptInvitation({ token, name: "Nora North", password: TEST_PASSWORD });
    expect(joined.memberAccountId).toBe(created.masterAccountId);
    const membership = await prisma.membership.findFirstOrThrow({ where: { tenantId: created.tenantId }, include: { user: true } });
    expect(membership).toMatchObject({ accountId: created.masterAccountId, role: "owner", user: { email: ownerEmail, name: "Nora North", isOperator: false } });
    // no member account was made: the owner joined the master
    expect(await prisma.account.count({ where: { tenantId: created.tenantId, kind: "customer" } })).toBe(1);
    expect((await getTenantDetail(created.tenantId)).owner).toEqual({ email: ownerEmail, name: "Nora North", pending: false });
    await expect(acceptInvitation({ token, name: "Again", password: TEST_PASSWORD })).rejects.toThrow(/already used/);
    await expect(resendOwnerInvitation({ ctx, input: { tenantId: created.tenantId } })).rejects.toThrow(/has joined/);
  });

  it("refuses an owner address that already has a user, and writes nothing", async () => {
    const ctx = await testOperator();
    const existing = await makeTenant();
    const tenantsBefore = await prisma.tenant.count();
    await expect(provisionTenant({ ctx, input: { name: "Dup", currency: "EUR", maxDepth: 5, ownerEmail: existing.ownerEmail } })).rejects.toThrow(/already exists/);
    await expect(provisionTenant({ ctx, input: { name: "", currency: "EURO", maxDepth: 1, ownerEmail: "nope" } })).rejects.toMatchObject({
      fieldErrors: { name: expect.any(Array), currency: expect.any(Array), maxDepth: expect.any(Array), ownerEmail: expect.any(Array) },
    });
    expect(await prisma.tenant.count()).toBe(tenantsBefore);
  });

  it("a new tenant starts from its currency's default list once the operators keep one", async () => {
    const ctx = await testOperator();
    const currency = `Q${randomUUID().replace(/[^A-Z]/gi, "").toUpperCase().slice(0, 2).padEnd(2, "Z")}`;
    await startDefaultPrices({ ctx, input: { currency } });
    await expect(startDefaultPrices({ ctx, input: { currency } })).rejects.toThrow(/already exists/);
    await setDefaultPrice({ ctx, input: { currency, country: "DE", pricePerSegment: "0.0123" } });
    const created = await provisionTenant({ ctx, input: { name: "Defaults", currency, maxDepth: 5, ownerEmail: `d-${randomUUID()}@tenant.test` } });
    const de = await prisma.price.findUniqueOrThrow({ where: { tenantId_country: { tenantId: created.tenantId, country: "DE" } } });
    expect(de.pricePerSegment).toBe(12_300n);
  });

  it("suspending a tenant cuts off every user and key at the next request; reactivating gives them back", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await payIn(tenant.tenantId, 10n * EUR);
    await credit(tenant, member.id, 5n * EUR);
    const key = await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "k" } });
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ accountId: member.id });

    await suspendTenant({ ctx, input: { tenantId: tenant.tenantId } });
    await expect(authenticateApiKey(key.plaintext)).rejects.toThrow(/suspended or closed/);
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "account_inactive" });
    await expect(
      sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: "+35799123456", body: "hi" }], senderId: "Test" } }),
    ).rejects.toThrow();
    // money still comes in while suspended
    await payIn(tenant.tenantId, 1n * EUR);
    // the tenant's own log says who did it
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.tenantId, action: "tenant_suspended" } });
    expect(row.actorLabel).toBe(`Platform operator: ${ctx.label}`);

    expect(await suspendTenant({ ctx, input: { tenantId: tenant.tenantId } })).toMatchObject({ changed: false });
    await activateTenant({ ctx, input: { tenantId: tenant.tenantId } });
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ accountId: member.id });
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await prisma.operatorAuditEvent.count({ where: { tenantId: tenant.tenantId, action: { in: ["tenant_suspended", "tenant_activated"] } } })).toBe(2);
  });

  it("closes only an empty tenant: no open member and nothing on the master; then keys and invitations are revoked and it stays closed", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const key = await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "k" } });
    await expect(closeTenant({ ctx, input: { tenantId: tenant.tenantId } })).rejects.toThrow(/1 open member account/);
    await deleteMember({ ctx: tenant.owner, input: { accountId: member.id } });
    await payIn(tenant.tenantId, 1n * EUR);
    await expect(closeTenant({ ctx, input: { tenantId: tenant.tenantId } })).rejects.toThrow(/still holds €1\.00/);
    const other = await makeTenant();
    await createApiKey({ ctx: other.owner, input: { accountId: other.masterAccountId, name: "k" } });
    const closed = await closeTenant({ ctx, input: { tenantId: other.tenantId } });
    expect(closed.revokedKeys).toBe(1);
    expect((await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: other.tenantId, id: other.masterAccountId } } })).status).toBe("closed");
    await expect(activateTenant({ ctx, input: { tenantId: other.tenantId } })).rejects.toThrow(/closed/);
    await expect(closeTenant({ ctx, input: { tenantId: other.tenantId } })).rejects.toThrow(/already closed/);
    await expect(recordPayment({ ctx, input: { tenantId: other.tenantId, amount: "1", reference: "late", idempotencyKey: `k-${randomUUID()}` } })).rejects.toThrow(/closed/);
    expect(await authenticateUser({ email: other.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "account_inactive" });
    // the first tenant's key still works: nothing leaked across
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ tenantId: tenant.tenantId });
  });

  it("lists tenants searched, sorted and paged, with this month's spend; the platform totals count them", async () => {
    const ctx = await testOperator();
    const tag = randomUUID().slice(0, 8);
    const ids: number[] = [];
    for (const [i, amount] of [3n, 1n, 2n].entries()) {
      const t = await provisionTenant({ ctx, input: { name: `Listed ${tag} ${i}`, currency: "EUR", maxDepth: 5, ownerEmail: `l${i}-${tag}@tenant.test` } });
      await payIn(t.tenantId, amount * EUR);
      ids.push(t.tenantId);
    }
    const page = await listTenants({ q: `Listed ${tag}`, sort: "-balance", pageSize: 25 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.tenantId)).toEqual([ids[0], ids[2], ids[1]]);
    expect(page.rows[0]).toMatchObject({ balance: (3n * EUR).toString(), status: "active", owner: { pending: true, email: `l0-${tag}@tenant.test` } });
    const byEmail = await listTenants({ q: `l2-${tag}` });
    expect(byEmail.rows.map((r) => r.tenantId)).toEqual([ids[2]]);
    const second = await listTenants({ q: `Listed ${tag}`, sort: "name", page: 2, pageSize: 25 });
    expect(second).toMatchObject({ rows: [], total: 3 });
    const totals = await platformTotals();
    expect(totals.tenants.active).toBeGreaterThanOrEqual(3);
    expect(BigInt(totals.receivedThisMonth.find((r) => r.currency === "EUR")!.amount)).toBeGreaterThanOrEqual(6n * EUR);
  });
});

describe("payments", () => {
  it("a payment moves money from the tenant's funding account to its master, once per key, and both audit logs say who", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    const idempotencyKey = `pay-${randomUUID()}`;
    const input = { tenantId: tenant.tenantId, amount: "250.50", reference: "INV-2026-7", memo: "December", idempotencyKey };
    const first = await recordPayment({ ctx, input });
    expect(first.transfer).toMatchObject({ kind: "topup", amount: 250_500_000n, toBalanceAfter: 250_500_000n, replayed: false });
    expect(first.payment).toMatchObject({ reference: "INV-2026-7", recordedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : -1 });
    const again = await recordPayment({ ctx, input });
    expect(again.transfer).toMatchObject({ id: first.transfer.id, replayed: true });
    await expect(recordPayment({ ctx, input: { ...input, reference: "INV-OTHER" } })).rejects.toMatchObject({ code: "idempotency_conflict" });
    await expect(recordPayment({ ctx, input: { ...input, amount: "1" } })).rejects.toMatchObject({ code: "idempotency_conflict" });
    const books = await tenantBooks(tenant.tenantId);
    expect(books.find((a) => a.kind === "funding")!.balance).toBe(-250_500_000n);
    expect(sum(books)).toBe(0n);
    expect(await prisma.payment.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    expect((await listPayments({ tenantId: tenant.tenantId })).rows[0]).toMatchObject({ amount: "250500000", reference: "INV-2026-7", memo: "December", recordedBy: ctx.label });
    expect(await prisma.operatorAuditEvent.count({ where: { tenantId: tenant.tenantId, action: "payment_recorded" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "payment_recorded" } })).toBe(1);
    // payments are never edited
    await expect(prisma.payment.updateMany({ where: { tenantId: tenant.tenantId }, data: { reference: "changed" } })).rejects.toThrow(/append-only/);
    await expect(recordPayment({ ctx, input: { ...input, tenantId: 2_000_000_000, idempotencyKey: `k-${randomUUID()}` } })).rejects.toThrow(/Tenant not found/);
    await expect(recordPayment({ ctx, input: { ...input, amount: "-5", idempotencyKey: `k-${randomUUID()}` } })).rejects.toThrow();
    expect(await findLedgerDiscrepancies()).toEqual([]);
  });

  it("the same payment raced 20 times with one key: one transfer, one payment, every caller told the same transfer", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    const input = { tenantId: tenant.tenantId, amount: "99", reference: "RACE-1", idempotencyKey: `race-${randomUUID()}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => recordPayment({ ctx, input })));
    expect(new Set(results.map((r) => r.transfer.id)).size).toBe(1);
    expect(results.filter((r) => !r.transfer.replayed)).toHaveLength(1);
    expect(await prisma.transfer.count({ where: { tenantId: tenant.tenantId, kind: "topup" } })).toBe(1);
    expect(await prisma.payment.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    expect(await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: tenant.masterAccountId } } })).toMatchObject({ balance: 99n * EUR });
  });

  it("the tenant's price list is the operators': set and audited in both logs", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    await setPrice({ ctx, input: { accountId: tenant.tenantId, country: "DE", pricePerSegment: "0.05" } });
    expect((await prisma.price.findUniqueOrThrow({ where: { tenantId_country: { tenantId: tenant.tenantId, country: "DE" } } })).pricePerSegment).toBe(50_000n);
    expect(await prisma.operatorAuditEvent.count({ where: { tenantId: tenant.tenantId, action: "tenant_price_set" } })).toBe(1);
    await expect(setPrice({ ctx, input: { accountId: 2_000_000_000, country: "DE", pricePerSegment: "0.05" } })).rejects.toThrow(/Tenant not found/);
  });
});

describe("operators", () => {
  it("an operator invites another by e-mail; the link makes an operator once", async () => {
    const ctx = await testOperator();
    const email = `new-op-${randomUUID()}@platform.test`;
    const first = await inviteOperator({ ctx, input: { email } });
    expect(first).toMatchObject({ mailSent: true, replaced: false });
    const again = await inviteOperator({ ctx, input: { email } });
    expect(again.replaced).toBe(true);
    const mails = await mailbox.mailsTo(email);
    expect(mails).toHaveLength(2);
    const link = (m: (typeof mails)[number]) => new RegExp(`${TEST_APP_URL.replace(/[.]/g, "\\.")}/operator/join/([A-Za-z0-9_-]+)`).exec(m.text)![1];
    const [newest, oldest] = mails;
    expect(await findOperatorInvitation(link(oldest))).toBeNull();
    expect(await findOperatorInvitation(link(newest))).toMatchObject({ email });
    await expect(acceptOperatorInvitation({ token: link(newest), name: "Op Two", password: email })).rejects.toThrow(/highlighted/);
    const operator = await acceptOperatorInvitation({ token: link(newest), name: "Op Two", password: "another long password" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: operator.id } })).toMatchObject({ isOperator: true, name: "Op Two" });
    await expect(acceptOperatorInvitation({ token: link(newest), name: "Op Three", password: "another long password" })).rejects.toThrow(/not valid any more/);
    // an address with a user (a tenant's) cannot be invited
    const tenant = await makeTenant();
    await expect(inviteOperator({ ctx, input: { email: tenant.ownerEmail } })).rejects.toThrow(/already exists/);
  });

  it("an operator holds no membership and a member is never an operator (the database refuses both)", async () => {
    const ctx = await testOperator();
    const tenant = await makeTenant();
    const operatorId = ctx.actor.type === "user" ? ctx.actor.userId : 0;
    await expect(prisma.membership.create({ data: { tenantId: tenant.tenantId, userId: operatorId, accountId: tenant.masterAccountId, role: "viewer" } })).rejects.toThrow(/SL040|operators hold no membership/);
    await expect(prisma.user.update({ where: { id: tenant.ownerUserId }, data: { isOperator: true } })).rejects.toThrow(/SL040|cannot be a platform operator/);
  });

  it("operator API keys: shown once, authenticate until revoked, and a key cannot make keys", async () => {
    const ctx = await testOperator();
    const key = await createOperatorKey({ ctx, input: { name: "Billing sync" } });
    expect(key.plaintext).toMatch(/^sk_op_[0-9a-f]{16}_[0-9a-f]{40}$/);
    const stored = await prisma.operatorApiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.secretHash).not.toContain(key.plaintext.slice(-40));
    const keyCtx = await authenticateOperatorKey(key.plaintext);
    expect(keyCtx).toMatchObject({ actor: { type: "operator_key", keyId: key.id }, label: "API key “Billing sync”" });
    await expect(createOperatorKey({ ctx: keyCtx, input: { name: "minted" } })).rejects.toThrow(/signed-in operator/);
    // a payment by key says so
    const tenant = await makeTenant();
    const paid = await recordPayment({ ctx: keyCtx, input: { tenantId: tenant.tenantId, amount: "5", reference: "API-1", idempotencyKey: `k-${randomUUID()}` } });
    expect(paid.payment).toMatchObject({ recordedByKeyId: key.id, recordedByUserId: null });
    await expect(authenticateOperatorKey(key.plaintext.slice(0, -1) + (key.plaintext.endsWith("0") ? "1" : "0"))).rejects.toThrow(/Invalid or revoked/);
    await revokeOperatorKey({ ctx, input: { keyId: key.id } });
    await expect(authenticateOperatorKey(key.plaintext)).rejects.toThrow(/Invalid or revoked/);
    // a tenant's key is no operator key, and the reverse
    const tenantKey = await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "k" } });
    await expect(authenticateOperatorKey(tenantKey.plaintext)).rejects.toThrow(/Invalid or revoked/);
    await expect(authenticateApiKey(key.plaintext)).rejects.toThrow(/Invalid or revoked/);
  });
});

describe("sign-up", () => {
  it("is closed unless SIGNUP=open; open, it mails a link, and the tenant exists only once the link is confirmed", async () => {
    const email = `signup-${randomUUID()}@company.test`;
    const input = { name: "Sam Signup", company: "Signup Co", email, password: "a long enough password" };
    delete process.env.SIGNUP;
    await expect(requestSignUp({ input })).rejects.toMatchObject({ code: "not_found" });
    process.env.SIGNUP = "open";
    try {
      const tenantsBefore = await prisma.tenant.count();
      await requestSignUp({ input, request: { ip: "198.51.100.7", userAgent: null } });
      expect(await prisma.tenant.count()).toBe(tenantsBefore);
      expect(await prisma.user.count({ where: { email } })).toBe(0);
      const [mail] = await mailbox.mailsTo(email);
      const token = new RegExp(`${TEST_APP_URL.replace(/[.]/g, "\\.")}/sign-up/verify/([A-Za-z0-9_-]+)`).exec(mail.text)![1];
      expect(await findSignUp(token)).toEqual({ email, name: "Sam Signup", company: "Signup Co" });
      const created = await verifySignUp(token);
      expect(await prisma.tenant.findUniqueOrThrow({ where: { id: created.tenantId } })).toMatchObject({ name: "Signup Co", currency: "EUR" });
      expect(await prisma.membership.findFirstOrThrow({ where: { tenantId: created.tenantId } })).toMatchObject({ role: "owner", accountId: created.masterAccountId });
      expect(await authenticateUser({ email, password: input.password })).toMatchObject({ ok: true });
      await expect(verifySignUp(token)).rejects.toThrow(/not valid any more/);
      expect(await prisma.tenant.count()).toBe(tenantsBefore + 1);
      // an address that has a user gets the same reply, and a notice instead of a link; nothing is issued
      const tokensBefore = await prisma.singleUseToken.count({ where: { purpose: "signup", email } });
      expect(await requestSignUp({ input })).toEqual({ email });
      expect(await prisma.singleUseToken.count({ where: { purpose: "signup", email } })).toBe(tokensBefore);
      expect((await mailbox.mailsTo(email))[0].subject).toContain("Someone tried to sign up");
    } finally {
      delete process.env.SIGNUP;
    }
  });
});
