// Mail the ledger decided on, read back from a real SMTP capture server: a low-balance alert once per
// crossing, to the owners above the account (and its own users when asked), and a failed auto-recharge.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { postTransfer } from "@/lib/domain/ledger/post-transfer";
import { setBalanceAlert } from "@/lib/domain/recharge/set-balance-alert";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { useTestMailbox } from "@/lib/testing/invitations";
import { flushOutbox } from "./flush-outbox";

const EUR = 1_000_000n;
const mailbox = useTestMailbox();

async function charge(tenant: TestTenant, accountId: number, micro: bigint) {
  const usage = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "usage" } });
  return postTransfer({ tenantId: tenant.tenantId, kind: "charge", fromAccountId: accountId, toAccountId: usage.id, amount: micro, idempotencyKey: randomUUID(), actor: { type: "system", name: "test" } });
}

describe("flushOutbox", () => {
  it("mails the owner once per low-balance crossing", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant, { name: "Harbour Shop" });
    await fundMaster(tenant, 100n * EUR);
    await credit(tenant, member.id, 10n * EUR);
    await setBalanceAlert({ ctx: tenant.owner, input: { accountId: member.id, threshold: "5" } });
    await charge(tenant, member.id, 6n * EUR);
    await charge(tenant, member.id, 1n * EUR);
    await flushOutbox();
    await flushOutbox();
    let mails = await mailbox.mailsTo(tenant.ownerEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Low balance: Harbour Shop is at €4.00");
    expect(mails[0].text).toContain("below its alert threshold of €5.00");
    expect(mails[0].text).toContain(`/accounts/${member.id}`);

    await credit(tenant, member.id, 10n * EUR);
    await charge(tenant, member.id, 12n * EUR);
    await flushOutbox();
    mails = await mailbox.mailsTo(tenant.ownerEmail);
    expect(mails).toHaveLength(2);
    expect(await prisma.outbox.count({ where: { tenantId: tenant.tenantId, sentAt: null } })).toBe(0);
  });

  it("mails a failed auto-recharge once within the hour", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant, { name: "Quay Cafe" });
    await fundMaster(tenant, 3n * EUR);
    await credit(tenant, member.id, 3n * EUR);
    await setAutoRecharge({ ctx: tenant.owner, input: { accountId: member.id, threshold: "2", mode: "fixed", amount: "10" } });
    await charge(tenant, member.id, 2n * EUR);
    await charge(tenant, member.id, 1n * EUR).catch(() => undefined);
    await flushOutbox();
    const mails = (await mailbox.mailsTo(tenant.ownerEmail)).filter((m) => m.subject.startsWith("Auto-recharge failed"));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Auto-recharge failed for Quay Cafe");
    expect(mails[0].text).toContain("An auto-recharge of €10.00 for Quay Cafe could not be made: insufficient funds");
  });
});
