import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import { generatedMemberName, smstoCreateMemberBodySchema } from "@/lib/api/smsto-team";
import { jsonDecimal } from "@/lib/api/json";
import { createMember } from "@/lib/domain/members/create-member";

/**
 * SMS.to's POST /v1/team/user/create (generateMember): a member under the key's account with a generated
 * sign-in and API key. The SDK reads `data.id`; the password and key are in the reply once and never again.
 */
export const POST = smstoRoute(async ({ req, ctx }) => {
  const body = await readSmstoBody(req, smstoCreateMemberBodySchema);
  const created = await createMember({
    ctx,
    input: {
      accountId: ctx.accountId,
      name: body.name ?? generatedMemberName(),
      email: body.email ?? null,
      paymentModel: "prepaid",
      invoicingAccountId: null,
      monthlyVolumeLimit: null,
      isPartner: false,
    },
  });
  return {
    success: true,
    message: "Team member created. Keep the password and the API key now: they are not shown again.",
    data: {
      id: created.accountId,
      parent_id: ctx.accountId,
      name: created.name,
      email: created.signInEmail,
      password: created.password,
      api_key: created.apiKey,
      balance: jsonDecimal(0n),
      currency: ctx.currency,
      status: "active",
      is_active: true,
    },
  };
});
