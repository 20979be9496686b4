import { z } from "zod";

/** The account settings a member is created, invited or edited with (SMS Central's field names in comments). */
export const memberSettingsSchema = z.object({
  /** PAYMENTMODEL */
  paymentModel: z.enum(["prepaid", "postpaid"]),
  /** INVOICINGACCOUNT; postpaid only: null = the member itself, else one of its ancestors */
  invoicingAccountId: z.number().int().positive().nullable(),
  /** MONTHLYVOLUMELIMIT in messages; null = no limit */
  monthlyVolumeLimit: z.number().int("Use a whole number of messages.").positive("The limit must be positive.").max(1_000_000_000).nullable(),
  isPartner: z.boolean(),
});

const settingsRefinement = <T extends z.infer<typeof memberSettingsSchema>>(v: T, ctx: z.RefinementCtx) => {
  if (v.paymentModel === "prepaid" && v.invoicingAccountId !== null) {
    ctx.addIssue({ code: "custom", path: ["invoicingAccountId"], message: "Only postpaid accounts have an invoicing account." });
  }
};

export const memberNameSchema = z.string().trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters.");
/** Empty means none; accepts its own output (null) so that a verb can re-parse what an action parsed. */
export const optionalEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .nullish()
  .refine((v) => !v || z.email().safeParse(v).success, "Enter a valid e-mail address.")
  .transform((v) => v || null);

/** Create (SMS.to "auto-generated member"): `accountId` is the parent the member is created under. */
export const createMemberSchema = memberSettingsSchema
  .extend({ accountId: z.number().int().positive(), name: memberNameSchema, email: optionalEmailSchema })
  .superRefine(settingsRefinement);
export type CreateMemberInput = z.input<typeof createMemberSchema>;

/** Invite by e-mail: `accountId` is the parent the member will be created under when the invitation is accepted. */
export const inviteMemberSchema = memberSettingsSchema
  .extend({
    accountId: z.number().int().positive(),
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")),
    role: z.enum(["owner", "admin", "viewer"]),
    accountName: z.string().trim().max(120).nullish().transform((v) => v || null),
  })
  .superRefine(settingsRefinement);
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/** Edit: `accountId` is the member being edited. */
export const editMemberSchema = memberSettingsSchema
  .extend({ accountId: z.number().int().positive(), name: memberNameSchema, email: optionalEmailSchema })
  .superRefine(settingsRefinement);
export type EditMemberInput = z.input<typeof editMemberSchema>;

export const memberIdSchema = z.object({ accountId: z.number().int().positive() });
