// SMS Central's user/create (reference-smscentral §8): USER is a JSON string (or, in a JSON body, an object)
// with the new user's USERNAME, PASSWORD, FIRSTNAME, optional LASTNAME, EMAILADDRESS and MOBILENUMBER, and
// ACCOUNTS, one or more {ID, USERLEVEL}. The adapter reads and names; the createUser verb decides.
import { z } from "zod";
import type { Role } from "@/lib/db/generated/enums";
import type { CreateUserInput } from "@/lib/domain/users/create-user-schema";
import { absent, jsonObjectParam, smscentralErrorMapper, smscentralErrorOf, upperKeys, wholeNumber, type SmscentralErrorName } from "./smscentral";

/** SMS Central's user levels (the portal's roles) and the role each becomes; README has the same table. */
export const SMSCENTRAL_USER_LEVELS: Record<1 | 2 | 3, { label: string; role: Role }> = {
  1: { label: "Administrator", role: "owner" },
  2: { label: "Advanced", role: "admin" },
  3: { label: "Basic", role: "viewer" },
};

const USER_FIELDS = ["USERNAME", "PASSWORD", "FIRSTNAME", "LASTNAME", "EMAILADDRESS", "MOBILENUMBER", "ACCOUNTS"] as const;
const ACCOUNT_ENTRY_FIELDS = ["ID", "USERLEVEL"];

const FIELD_ERROR = {
  USERNAME: "INVALID_USERNAME",
  PASSWORD: "INVALID_PASSWORD",
  FIRSTNAME: "INVALID_FIRSTNAME",
  LASTNAME: "INVALID_LASTNAME",
  EMAILADDRESS: "INVALID_EMAILADDRESS",
  MOBILENUMBER: "INVALID_MOBILENUMBER",
  ACCOUNTS: "INVALID_ACCOUNTS",
  USERLEVEL: "INVALID_USERLEVEL",
} as const satisfies Record<string, SmscentralErrorName>;

/** The createUser verb's field names back to SMS Central's, for the errors the verb raises. */
const DOMAIN_FIELD: Record<string, keyof typeof FIELD_ERROR> = {
  username: "USERNAME",
  password: "PASSWORD",
  name: "FIRSTNAME",
  email: "EMAILADDRESS",
  mobileNumber: "MOBILENUMBER",
  accounts: "ACCOUNTS",
};

/** A text field as sent: a string (a number is taken as its digits: a JSON-built USER may not quote them). */
const required = (field: string, max: number) =>
  z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v), z.string({ error: (issue) => (issue.input === undefined ? `${field} is required.` : `${field} must be a string.`) }).trim().min(1, `${field} is required.`).max(max, `${field} has at most ${max} characters.`));

const optional = (field: string, max: number) =>
  z.preprocess(
    (v) => (absent(v) || (typeof v === "string" && v.trim() === "") ? null : typeof v === "number" && Number.isFinite(v) ? String(v) : v),
    z.string({ error: `${field} must be a string.` }).trim().max(max, `${field} has at most ${max} characters.`).nullable(),
  );

const levelSchema = z.union([z.number(), z.string().trim()], { error: "USERLEVEL is required: 1 (Administrator), 2 (Advanced) or 3 (Basic)." }).transform((value, ctx) => {
  const n = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (n !== 1 && n !== 2 && n !== 3) {
    ctx.addIssue({ code: "custom", message: "USERLEVEL must be 1 (Administrator), 2 (Advanced) or 3 (Basic)." });
    return z.NEVER;
  }
  return SMSCENTRAL_USER_LEVELS[n].role;
});

const accountEntrySchema = z.preprocess(
  (v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? upperKeys(Object.entries(v)) : v),
  z.strictObject(
    { ID: z.custom<unknown>((v) => !absent(v), "ID is required.").pipe(wholeNumber("ID", 2_147_483_647)), USERLEVEL: levelSchema },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `each account has only ${ACCOUNT_ENTRY_FIELDS.join(" and ")}.` : "each account is an object {ID, USERLEVEL}.") },
  ),
);

const userSchema = z.object({
  USERNAME: required("USERNAME", 64),
  PASSWORD: z.string({ error: (issue) => (issue.input === undefined ? "PASSWORD is required." : "PASSWORD must be a string.") }).min(1, "PASSWORD is required."),
  FIRSTNAME: required("FIRSTNAME", 50),
  LASTNAME: optional("LASTNAME", 50),
  EMAILADDRESS: optional("EMAILADDRESS", 254),
  MOBILENUMBER: optional("MOBILENUMBER", 32),
  ACCOUNTS: z.preprocess(
    (v) => {
      // a form-built USER may carry the array as a JSON string of its own
      if (typeof v !== "string") return v;
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    },
    z
      .array(accountEntrySchema, { error: (issue) => (issue.input === undefined ? "ACCOUNTS is required: a JSON array of {ID, USERLEVEL}." : "ACCOUNTS must be a JSON array of {ID, USERLEVEL}.") })
      .min(1, "ACCOUNTS names no account: give at least one {ID, USERLEVEL}."),
  ),
});

/** USER (a JSON string, or an object inside a JSON body) into the createUser verb's input. */
export function userInputFromSmscentral(raw: unknown): CreateUserInput {
  const user = jsonObjectParam(raw, {
    param: "USER",
    fields: USER_FIELDS,
    required: "USERNAME, PASSWORD, FIRSTNAME and ACCOUNTS",
    schema: userSchema,
    invalid: "INVALID_USER_JSON",
    fieldError: FIELD_ERROR,
  });
  return {
    username: user.USERNAME,
    password: user.PASSWORD,
    name: [user.FIRSTNAME, user.LASTNAME].filter(Boolean).join(" "),
    email: user.EMAILADDRESS,
    mobileNumber: user.MOBILENUMBER,
    accounts: user.ACCOUNTS.map((a) => ({ accountId: a.ID, role: a.USERLEVEL })),
  };
}

/** A domain refusal of user/create as its SMS Central code (account/create's mapping for the rest). */
export const smscentralUserErrorOf = smscentralErrorMapper({
  fields: DOMAIN_FIELD,
  fieldError: FIELD_ERROR,
  byCode: {
    username_taken: "USERNAME_TAKEN",
    email_taken: "EMAILADDRESS_TAKEN",
    not_found: "ACCOUNT_NOT_FOUND",
    role_above_own: "USERLEVEL_NOT_ALLOWED",
    account_suspended: "ACCOUNT_NOT_ACTIVE",
    account_closed: "ACCOUNT_NOT_ACTIVE",
  },
  fallback: smscentralErrorOf,
});
