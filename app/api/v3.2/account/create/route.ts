import { readSmscentralParams, signInSmscentralUser, smscentralRoute, subAccountInputFromSmscentral } from "@/lib/api/smscentral";
import { createSubAccount } from "@/lib/domain/accounts/create-sub-account";
import { recordIfDenied } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";

/**
 * SMS Central's account create (v3.2): USERNAME and PASSWORD sign a user in, ACCOUNT describes the sub-account.
 * The seed allows a GET as well as a POST; a GET puts the password in the URL, so prefer the POST.
 */
const createAccount = smscentralRoute(async (req) => {
  const params = await readSmscentralParams(req);
  const ctx = await signInSmscentralUser(params, requestMetaOf(req.headers));
  const input = subAccountInputFromSmscentral(params.ACCOUNT);
  const account = await createSubAccount({ ctx, input }).catch(async (err: unknown) => {
    // a PARENTACCOUNT outside the user's tree, or a non-partner: refused, and audited like the other surfaces
    await recordIfDenied(ctx, { attempted: `${req.method} ${new URL(req.url).pathname}`, target: { parentAccountId: input.parentId ?? undefined } }, err);
    throw err;
  });
  return { account: { name: account.name, ID: account.id } };
});

export const GET = createAccount;
export const POST = createAccount;
