import { z } from "zod";
import { parseMoney } from "@/lib/money";
import { idempotencyKeySchema, positiveAmountSchema } from "@/lib/domain/ledger/schemas";
import { newPasswordSchema, passwordEchoesEmail } from "@/lib/domain/users/people-schemas";

const personName = z.string().trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters.");
const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")).pipe(z.string().max(254));

/** The first run: the platform's name and its first operator. */
export const setUpPlatformSchema = z
  .object({
    platformName: z.string().trim().min(1, "Enter the platform's name.").max(120),
    name: personName,
    email,
    password: newPasswordSchema,
  })
  .refine((v) => !passwordEchoesEmail(v.password, v.email), { path: ["password"], message: "Choose a password that is not your e-mail address." });
export type SetUpPlatformInput = z.input<typeof setUpPlatformSchema>;

/** The public setup form: the same fields, the link's token, and a confirmation that catches a typo. */
export const setupFormSchema = z
  .object({ token: z.string().min(1), confirmPassword: z.string() })
  .and(setUpPlatformSchema)
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

export const currencySchema = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as EUR.");

/** An operator opens a tenant: its master is created now, its owner joins by the e-mailed link. */
export const provisionTenantSchema = z.object({
  name: z.string().trim().min(1, "Enter the tenant's name.").max(120),
  currency: currencySchema,
  maxDepth: z.coerce.number().int().min(2, "At least 2 levels: the master and its members.").max(10, "At most 10 levels."),
  ownerEmail: email,
});
export type ProvisionTenantInput = z.input<typeof provisionTenantSchema>;

export const tenantIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const inviteOperatorSchema = z.object({ email });
export type InviteOperatorInput = z.input<typeof inviteOperatorSchema>;

export const acceptOperatorInvitationSchema = z.object({ token: z.string().min(1), name: personName, password: newPasswordSchema });
export type AcceptOperatorInvitationInput = z.input<typeof acceptOperatorInvitationSchema>;

export const createOperatorKeySchema = z.object({ name: z.string().trim().min(1, "Name the key.").max(80) });
export const revokeOperatorKeySchema = z.object({ keyId: z.coerce.number().int().positive() });

const memo = z.string().trim().max(200, "Keep the memo under 200 characters.").nullish().transform((m) => m || null);

/** A payment received from a tenant: the amount as a decimal string (micro-units by the ledger's rules). */
export const recordPaymentSchema = z.object({
  tenantId: tenantIdSchema,
  amount: positiveAmountSchema,
  reference: z.string().trim().min(1, "Enter the invoice or bank reference.").max(200, "Keep the reference under 200 characters."),
  memo,
  idempotencyKey: idempotencyKeySchema,
});
export type RecordPaymentInput = z.input<typeof recordPaymentSchema>;

/** What the payment form submits (the idempotency key is the form's own, made once per opened form). */
export const paymentFormSchema = z.object({
  amount: z.string().superRefine((value, ctx) => {
    const parsed = parseMoney(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    else if (parsed.micro <= 0n) ctx.addIssue({ code: "custom", message: "The amount must be positive." });
  }),
  reference: z.string().trim().min(1, "Enter the invoice or bank reference.").max(200, "Keep the reference under 200 characters."),
  memo: z.string().trim().max(200, "Keep the memo under 200 characters."),
});
export type PaymentFormValues = z.infer<typeof paymentFormSchema>;

/** A self-service sign-up (SIGNUP=open): the person, their company (the tenant's name) and a password. */
export const signUpSchema = z
  .object({
    name: personName,
    company: z.string().trim().min(1, "Enter your company's name.").max(120),
    email,
    password: newPasswordSchema,
  })
  .refine((v) => !passwordEchoesEmail(v.password, v.email), { path: ["password"], message: "Choose a password that is not your e-mail address." });
export type SignUpInput = z.input<typeof signUpSchema>;

export const signUpFormSchema = signUpSchema
  .and(z.object({ confirmPassword: z.string() }))
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
