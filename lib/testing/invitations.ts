import { afterAll, beforeAll } from "vitest";
// For the invitation db tests: a real SMTP capture server per test file, and the link read back from the mail
// it received, the way an invitee gets it. Tokens exist nowhere else (only their hash is stored).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listCapturedMail, type CapturedMail } from "@/lib/dev/captured-mail";
import type { DomainContext } from "@/lib/domain/context";
import { inviteMember } from "@/lib/domain/members/invite-member";
import type { InviteMemberInput } from "@/lib/domain/members/schemas";
import type { TestTenant } from "./factories";
import { startMailCapture } from "../../scripts/lib/mail-capture.ts";

export const TEST_APP_URL = "http://subledger.test";

/** Starts the capture server and points the mailer (SMTP_URL, read on the first send) and links at it. */
export async function startTestMailbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "subledger-mail-"));
  const capture = await startMailCapture({ dir });
  process.env.SMTP_URL = capture.url;
  process.env.APP_URL = TEST_APP_URL;
  return {
    dir,
    /** every mail to `email`, newest first */
    mailsTo: async (email: string) => (await listCapturedMail(dir)).filter((m) => m.to.includes(email)),
    close: async () => {
      await capture.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestMailbox = Awaited<ReturnType<typeof startTestMailbox>>;

/** A capture mailbox for the whole test file: started before its tests, closed after them. */
export function useTestMailbox(): TestMailbox {
  let current: TestMailbox | undefined;
  beforeAll(async () => {
    current = await startTestMailbox();
  });
  afterAll(async () => {
    await current?.close();
  });
  const started = () => {
    if (!current) throw new Error("the test mailbox is used before the file's tests started");
    return current;
  };
  return {
    get dir() {
      return started().dir;
    },
    mailsTo: (email: string) => started().mailsTo(email),
    close: async () => {},
  };
}

const LINK = new RegExp(`${TEST_APP_URL.replace(/[.]/g, "\\.")}/invite/([A-Za-z0-9_-]+)`);

/** The token of the invitation link in a mail's text. */
export function tokenFromMail(mail: CapturedMail): string {
  const match = LINK.exec(mail.text);
  if (!match) throw new Error(`no invitation link in the mail "${mail.subject}"`);
  return match[1];
}

/** The token from the newest mail to `email`; the capture server writes the file before it acknowledges. */
export async function latestTokenFor(mailbox: TestMailbox, email: string): Promise<string> {
  const [latest] = await mailbox.mailsTo(email);
  if (!latest) throw new Error(`no mail to ${email}`);
  return tokenFromMail(latest);
}

export const newInviteeEmail = () => `invitee-${randomUUID()}@test.local`;

/** Invites a fresh address under the master (or `accountId`) as an admin with default settings. */
export function invite(tenant: TestTenant, input: Partial<InviteMemberInput> = {}, ctx: DomainContext = tenant.owner) {
  return inviteMember({
    ctx,
    input: {
      accountId: tenant.masterAccountId,
      email: newInviteeEmail(),
      role: "admin",
      accountName: "",
      paymentModel: "prepaid",
      invoicingAccountId: null,
      monthlyVolumeLimit: null,
      isPartner: false,
      ...input,
    },
  });
}

/** Invites, then reads the link's token from the mail the invitee received. */
export async function inviteWithToken(mailbox: TestMailbox, tenant: TestTenant, input: Partial<InviteMemberInput> = {}, ctx?: DomainContext) {
  const result = await invite(tenant, input, ctx);
  return { ...result, token: await latestTokenFor(mailbox, result.invitation.email) };
}
