// The SMS Central-compatible account-create and user-create calls (seeds/smscentral-create-subaccount.txt,
// reference-smscentral §7, §8): USERNAME and PASSWORD are a user's sign-in, ACCOUNT or USER a JSON string.
// Parameters come as a query string (GET), a form body or a JSON body (POST). A success is
// `{"account": {"name", "ID"}}` or `{"user": {"name", "ID"}}` with 200; a failure is
// `{"error": {"errorcode", "errordescription"}}` with one of the codes below and a 4xx/5xx status (the seed
// gives no statuses for failures; a client reads `error.errorcode`). user/create's USER is read in
// smscentral-user.ts.
import { z } from "zod";
import type { DomainContext, RequestMeta } from "@/lib/domain/context";
import { DomainError, RateLimitedError, ValidationError } from "@/lib/domain/errors";
import type { CreateSubAccountInput } from "@/lib/domain/accounts/create-sub-account";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { getUserContext } from "@/lib/domain/users/user-context";
import { countPasswordRequest } from "@/lib/domain/users/count-password-request";
import { expectedError } from "./api-route";
import { jsonResponse } from "./json";
import { InvalidJsonError, parseJson, readBodyText } from "./request-body";

/**
 * Every error code account/create and user/create answer; README "SMS Central-compatible account and user
 * create" lists the same table. 1xx: the request itself, 2xx: who is asking, 3xx: the ACCOUNT fields and the
 * tree, 4xx: the USER fields and the accounts it names, 5xx: our fault.
 */
export const SMSCENTRAL_ERRORS = {
  INVALID_REQUEST: { errorcode: 100, status: 400 },
  MISSING_PARAMETER: { errorcode: 101, status: 400 },
  INVALID_ACCOUNT_JSON: { errorcode: 102, status: 400 },
  INVALID_USER_JSON: { errorcode: 103, status: 400 },
  AUTHENTICATION_FAILED: { errorcode: 200, status: 401 },
  ACCOUNT_INACTIVE: { errorcode: 201, status: 403 },
  NOT_PARTNER: { errorcode: 202, status: 403 },
  PERMISSION_DENIED: { errorcode: 203, status: 403 },
  TOO_MANY_ATTEMPTS: { errorcode: 204, status: 429 },
  INVALID_ACCOUNTNAME: { errorcode: 300, status: 422 },
  INVALID_PARENTACCOUNT: { errorcode: 301, status: 422 },
  INVALID_PAYMENTMODEL: { errorcode: 302, status: 422 },
  INVALID_MONTHLYVOLUMELIMIT: { errorcode: 303, status: 422 },
  INVALID_INVOICINGACCOUNT: { errorcode: 304, status: 422 },
  INVOICINGACCOUNT_NOT_POSTPAID: { errorcode: 305, status: 422 },
  PARENT_NOT_FOUND: { errorcode: 310, status: 404 },
  PARENT_NOT_PARTNER: { errorcode: 311, status: 422 },
  PARENT_INACTIVE: { errorcode: 312, status: 409 },
  DEPTH_LIMIT: { errorcode: 313, status: 422 },
  INVALID_USERNAME: { errorcode: 400, status: 422 },
  USERNAME_TAKEN: { errorcode: 401, status: 409 },
  INVALID_PASSWORD: { errorcode: 402, status: 422 },
  INVALID_FIRSTNAME: { errorcode: 403, status: 422 },
  INVALID_LASTNAME: { errorcode: 404, status: 422 },
  INVALID_EMAILADDRESS: { errorcode: 405, status: 422 },
  EMAILADDRESS_TAKEN: { errorcode: 406, status: 409 },
  INVALID_MOBILENUMBER: { errorcode: 407, status: 422 },
  INVALID_ACCOUNTS: { errorcode: 408, status: 422 },
  INVALID_USERLEVEL: { errorcode: 409, status: 422 },
  ACCOUNT_NOT_FOUND: { errorcode: 410, status: 404 },
  ACCOUNT_NOT_ACTIVE: { errorcode: 411, status: 409 },
  USERLEVEL_NOT_ALLOWED: { errorcode: 412, status: 403 },
  INTERNAL_ERROR: { errorcode: 500, status: 500 },
} as const satisfies Record<string, { errorcode: number; status: number }>;
export type SmscentralErrorName = keyof typeof SMSCENTRAL_ERRORS;

export type SmscentralErrorBody = { error: { errorcode: number; errordescription: string } };
export type SmscentralSuccessBody = { account: { name: string; ID: number } } | { user: { name: string; ID: number } };

export class SmscentralError extends Error {
  constructor(
    readonly kind: SmscentralErrorName,
    message: string,
    /** for TOO_MANY_ATTEMPTS: the Retry-After header */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const ACCOUNT_FIELDS = ["ACCOUNTNAME", "PARENTACCOUNT", "PAYMENTMODEL", "MONTHLYVOLUMELIMIT", "INVOICINGACCOUNT"] as const;
type AccountField = (typeof ACCOUNT_FIELDS)[number];

const FIELD_ERROR: Record<AccountField, SmscentralErrorName> = {
  ACCOUNTNAME: "INVALID_ACCOUNTNAME",
  PARENTACCOUNT: "INVALID_PARENTACCOUNT",
  PAYMENTMODEL: "INVALID_PAYMENTMODEL",
  MONTHLYVOLUMELIMIT: "INVALID_MONTHLYVOLUMELIMIT",
  INVOICINGACCOUNT: "INVALID_INVOICINGACCOUNT",
};

/** The domain's field names (createSubAccountSchema) back to SMS Central's, for errors the verb raises. */
const DOMAIN_FIELD: Record<string, AccountField> = {
  name: "ACCOUNTNAME",
  parentId: "PARENTACCOUNT",
  paymentModel: "PAYMENTMODEL",
  monthlyVolumeLimit: "MONTHLYVOLUMELIMIT",
  invoicingAccountId: "INVOICINGACCOUNT",
};

/**
 * How one endpoint answers an expected failure: a validation error by its first field (the verb's field name →
 * the wire name → its code, the verb's message under the wire name), any other by its code; else `fallback`.
 */
export function smscentralErrorMapper<W extends string>(spec: {
  fields: Record<string, W>;
  fieldError: Record<W, SmscentralErrorName>;
  byCode: Record<string, SmscentralErrorName>;
  fallback?: (err: DomainError) => SmscentralError;
}) {
  return (err: DomainError): SmscentralError => {
    if (err instanceof ValidationError && err.fieldErrors) {
      const [field, messages] = Object.entries(err.fieldErrors)[0] ?? [];
      const wireField = field === undefined ? undefined : spec.fields[field];
      if (wireField) return new SmscentralError(spec.fieldError[wireField], `${wireField}: ${messages?.[0] ?? err.message}`);
    }
    const kind = spec.byCode[err.code];
    if (kind) return new SmscentralError(kind, err.message);
    return spec.fallback ? spec.fallback(err) : new SmscentralError("INVALID_REQUEST", err.message);
  };
}

/** account/create's reply for an expected failure: the SMS Central code for a domain error (by its code or its field). */
export const smscentralErrorOf = smscentralErrorMapper({
  fields: DOMAIN_FIELD,
  fieldError: FIELD_ERROR,
  byCode: {
    unauthenticated: "AUTHENTICATION_FAILED",
    forbidden: "PERMISSION_DENIED",
    not_partner: "NOT_PARTNER",
    not_found: "PARENT_NOT_FOUND",
    parent_not_partner: "PARENT_NOT_PARTNER",
    account_suspended: "PARENT_INACTIVE",
    account_closed: "PARENT_INACTIVE",
    depth_limit: "DEPTH_LIMIT",
  },
});

function reply(err: SmscentralError): Response {
  const { errorcode, status } = SMSCENTRAL_ERRORS[err.kind];
  const headers = err.retryAfterSeconds !== undefined ? { "Retry-After": String(err.retryAfterSeconds) } : undefined;
  return jsonResponse({ error: { errorcode, errordescription: err.message } } satisfies SmscentralErrorBody, { status, headers });
}

/**
 * Wraps the handler: its result goes out as 200 JSON; every failure as `{error: {errorcode, errordescription}}`,
 * a domain error by `errorOf` (account/create's mapping unless the endpoint has its own).
 */
export function smscentralRoute(handler: (req: Request) => Promise<SmscentralSuccessBody>, errorOf: (err: DomainError) => SmscentralError = smscentralErrorOf) {
  return async (req: Request): Promise<Response> => {
    try {
      return jsonResponse(await handler(req));
    } catch (err) {
      if (err instanceof SmscentralError) return reply(err);
      const expected = expectedError(err);
      if (expected) return reply(errorOf(expected));
      // the path only: a GET carries the password in its query string
      console.error(`SMS Central ${req.method} ${new URL(req.url).pathname} failed`, err);
      return reply(new SmscentralError("INTERNAL_ERROR", "Something went wrong. Please try again."));
    }
  };
}

/** Every parameter of a call, by its upper-case name (USERNAME, PASSWORD, ACCOUNT, ACTION, RECIPIENT, …). */
export type SmscentralParams = Record<string, unknown>;

/** Parameter names are matched whatever their case (`username` = `USERNAME`); the seed writes them in capitals. */
export function upperKeys(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) out[key.toUpperCase()] = value;
  return out;
}

/**
 * USERNAME, PASSWORD and ACCOUNT from the query string and, for a POST, the body: form-encoded (what the seed's
 * "POST parameters" are), multipart, or a JSON object (where ACCOUNT may also be an object rather than a string).
 * A body parameter wins over the same one in the query string.
 */
export async function readSmscentralParams(req: Request): Promise<SmscentralParams> {
  const url = new URL(req.url);
  const params = upperKeys(url.searchParams.entries());
  if (req.method !== "POST") return params;
  const text = await readBodyText(req);
  if (!text.trim()) return params;
  const rawType = req.headers.get("content-type") ?? "";
  // matched in lower case, but handed on as sent: a multipart boundary is case-sensitive
  const type = rawType.toLowerCase();
  if (type.includes("json")) {
    const body = parseJson(text);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new InvalidJsonError("The JSON body must be an object with USERNAME, PASSWORD and ACCOUNT.");
    }
    return { ...params, ...upperKeys(Object.entries(body)) };
  }
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request(url, { method: "POST", headers: { "content-type": rawType }, body: text }).formData().catch(() => {
      throw new SmscentralError("INVALID_REQUEST", "The multipart body could not be read.");
    });
    const fields = [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string");
    return { ...params, ...upperKeys(fields) };
  }
  return { ...params, ...upperKeys(new URLSearchParams(text).entries()) };
}

/**
 * Signs the user in with USERNAME (their username, or their e-mail address) and PASSWORD, as the first account
 * they were given (authenticate-user.ts, usableMembershipOrder). A wrong password and an unknown user read the
 * same; only the right password learns that the account is suspended or closed (as sign-in does).
 */
export async function signInSmscentralUser(
  params: SmscentralParams,
  request?: RequestMeta,
  required: readonly string[] = ["USERNAME", "PASSWORD", "ACCOUNT"],
): Promise<DomainContext> {
  const missing = required.filter((name) => {
    const value = params[name];
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  });
  if (missing.length > 0) throw new SmscentralError("MISSING_PARAMETER", `Missing required parameter${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);
  if (typeof params.USERNAME !== "string" || typeof params.PASSWORD !== "string") {
    throw new SmscentralError("AUTHENTICATION_FAILED", "Invalid username or password.");
  }
  const result = await authenticateUser({ email: params.USERNAME, password: params.PASSWORD }, { request, via: "smscentral" });
  if (!result.ok) {
    if (result.reason === "too_many_attempts") {
      throw new SmscentralError("TOO_MANY_ATTEMPTS", `Too many failed sign-ins. Retry after ${result.retryAfterSeconds} s.`, result.retryAfterSeconds);
    }
    throw result.reason === "account_inactive"
      ? new SmscentralError("ACCOUNT_INACTIVE", "Your account, or an account above it, is suspended or closed.")
      : new SmscentralError("AUTHENTICATION_FAILED", "Invalid username or password.");
  }
  // an operator is refused above (account_inactive): a tenant user's success always names a membership
  if (result.accountId === null) throw new SmscentralError("AUTHENTICATION_FAILED", "Invalid username or password.");
  const ctx = await getUserContext(result.user.id, result.accountId);
  // the same budget as an API key's: per user, and the tenant's with its keys
  try {
    await countPasswordRequest(ctx.tenantId, result.user.id);
  } catch (err) {
    if (err instanceof RateLimitedError) throw new SmscentralError("TOO_MANY_ATTEMPTS", err.message, err.retryAfterSeconds);
    throw err;
  }
  return { ...ctx, request };
}

/** An id or a count written as a JSON integer, or as a string of digits (a form-built JSON often quotes them). */
export const wholeNumber = (field: string, max: number) =>
  z.union([z.number(), z.string().trim()], { error: `${field} must be an integer.` }).transform((value, ctx) => {
    const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      ctx.addIssue({ code: "custom", message: `${field} must be an integer.` });
      return z.NEVER;
    }
    if (n < 1 || n > max) {
      ctx.addIssue({ code: "custom", message: `${field} must be between 1 and ${max.toLocaleString("en-US")}.` });
      return z.NEVER;
    }
    return n;
  });

export const absent = (v: unknown) => v === undefined || v === null || v === "";

const accountSchema = z.object({
  ACCOUNTNAME: z.string({ error: (issue) => (issue.input === undefined ? "ACCOUNTNAME is required." : "ACCOUNTNAME must be a string.") }),
  PARENTACCOUNT: z.preprocess((v) => (absent(v) ? null : v), wholeNumber("PARENTACCOUNT", 2_147_483_647).nullable()),
  PAYMENTMODEL: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(["prepaid", "postpaid"], {
      error: (issue) => (issue.input === undefined ? "PAYMENTMODEL is required: 'prepaid' or 'postpaid'." : "PAYMENTMODEL must be 'prepaid' or 'postpaid'."),
    }),
  ),
  MONTHLYVOLUMELIMIT: z.preprocess((v) => (absent(v) ? null : v), wholeNumber("MONTHLYVOLUMELIMIT", 1_000_000_000).nullable()),
  INVOICINGACCOUNT: z.preprocess((v) => (absent(v) ? null : v), wholeNumber("INVOICINGACCOUNT", 2_147_483_647).nullable()),
});

/**
 * A JSON-object parameter (ACCOUNT, USER: a JSON string, or an object inside a JSON body) read with `schema`,
 * its field names in any case. A field the call does not define is refused (a misspelt one would silently
 * lose a limit or a level); the first invalid field answers its own code from `fieldError`.
 */
export function jsonObjectParam<S extends z.ZodType>(
  raw: unknown,
  spec: { param: string; fields: readonly string[]; required: string; schema: S; invalid: SmscentralErrorName; fieldError: Record<string, SmscentralErrorName> },
): z.output<S> {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SmscentralError(spec.invalid, `${spec.param} is not valid JSON.`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SmscentralError(spec.invalid, `${spec.param} must be a JSON object with ${spec.required}.`);
  }
  const fields = upperKeys(Object.entries(value));
  const unknown = Object.keys(fields).filter((key) => !spec.fields.includes(key));
  if (unknown.length > 0) {
    throw new SmscentralError(spec.invalid, `${spec.param} has unknown field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; the fields are ${spec.fields.join(", ")}.`);
  }
  const parsed = spec.schema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // the innermost field that has a code of its own (ACCOUNTS[1].USERLEVEL: the level's), else the outer one's
    const keys = issue.path.map(String);
    const named = [...keys].reverse().find((key) => key in spec.fieldError);
    const where = keys.length > 1 ? `${keys.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i === 0 ? k : `.${k}`)).join("")}: ` : "";
    throw new SmscentralError(named ? spec.fieldError[named] : spec.invalid, `${where}${issue.message}`);
  }
  return parsed.data;
}

/** ACCOUNT (a JSON string, or an object inside a JSON body) into the createSubAccount verb's input. */
export function subAccountInputFromSmscentral(raw: unknown): CreateSubAccountInput {
  const account = jsonObjectParam(raw, {
    param: "ACCOUNT",
    fields: ACCOUNT_FIELDS,
    required: "ACCOUNTNAME and PAYMENTMODEL",
    schema: accountSchema,
    invalid: "INVALID_ACCOUNT_JSON",
    fieldError: FIELD_ERROR,
  });
  if (account.PAYMENTMODEL === "prepaid" && account.INVOICINGACCOUNT !== null) {
    throw new SmscentralError("INVOICINGACCOUNT_NOT_POSTPAID", "INVOICINGACCOUNT applies only to a postpaid account: leave it out for a prepaid one.");
  }
  return {
    parentId: account.PARENTACCOUNT,
    name: account.ACCOUNTNAME,
    paymentModel: account.PAYMENTMODEL,
    monthlyVolumeLimit: account.MONTHLYVOLUMELIMIT,
    invoicingAccountId: account.INVOICINGACCOUNT,
  };
}
