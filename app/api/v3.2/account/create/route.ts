import { readSmscentralParams, signInSmscentralUser, smscentralRoute, subAccountInputFromSmscentral } from "@/lib/api/smscentral";
import { createSubAccount } from "@/lib/domain/accounts/create-sub-account";

/**
 * SMS Central's account create (v3.2): USERNAME and PASSWORD sign a user in, ACCOUNT describes the sub-account.
 * The seed allows a GET as well as a POST; a GET puts the password in the URL, so prefer the POST.
 */
const createAccount = smscentralRoute(async (req) => {
  const params = await readSmscentralParams(req);
  const ctx = await signInSmscentralUser(params);
  const account = await createSubAccount({ ctx, input: subAccountInputFromSmscentral(params.ACCOUNT) });
  return { account: { name: account.name, ID: account.id } };
});

export const GET = createAccount;
export const POST = createAccount;
