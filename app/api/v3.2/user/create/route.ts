import { readSmscentralParams, signInSmscentralUser, smscentralRoute } from "@/lib/api/smscentral";
import { smscentralUserErrorOf, userInputFromSmscentral } from "@/lib/api/smscentral-user";
import { recordIfDenied } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { createUser } from "@/lib/domain/users/create-user";

/**
 * SMS Central's user create (v3.2, reference-smscentral §8): USERNAME and PASSWORD sign the caller in, USER
 * describes the new user and the accounts it gets a role on. GET or POST, as account/create (a GET puts both
 * passwords in the URL: prefer the POST); also as /api/v3.2/user/create/ without a redirect.
 */
const createUserRoute = smscentralRoute(async (req) => {
  const params = await readSmscentralParams(req);
  const ctx = await signInSmscentralUser(params, requestMetaOf(req.headers), ["USERNAME", "PASSWORD", "USER"]);
  const input = userInputFromSmscentral(params.USER);
  const user = await createUser({ ctx, input }).catch(async (err: unknown) => {
    // an account outside the caller's tree, or a level above the caller's role: refused, and audited like the other surfaces
    await recordIfDenied(ctx, { attempted: `${req.method} ${new URL(req.url).pathname}`, target: { accountIds: input.accounts.map((a) => a.accountId) } }, err);
    throw err;
  });
  return { user: { name: user.username, ID: user.userId } };
}, smscentralUserErrorOf);

export const GET = createUserRoute;
export const POST = createUserRoute;
