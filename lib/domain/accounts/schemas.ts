import { z } from "zod";

export const accountIdSchema = z.coerce.number().int().positive();

export const createTenantSchema = z.object({
  tenantName: z.string().trim().min(1, "Enter the company name.").max(120),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as EUR."),
  ownerName: z.string().trim().min(1, "Enter your name.").max(120),
  ownerEmail: z.email("Enter a valid e-mail address.").transform((e) => e.toLowerCase()),
  ownerPassword: z.string().min(10, "Use at least 10 characters."),
  maxDepth: z.number().int().min(1).max(10).optional(),
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;

export const createChildAccountSchema = z
  .object({
    parentId: z.number().int().positive(),
    name: z.string().trim().min(1, "Enter a name.").max(120),
    contactEmail: z.email("Enter a valid e-mail address.").transform((e) => e.toLowerCase()).nullish(),
    paymentModel: z.enum(["prepaid", "postpaid"]).default("prepaid"),
    /** postpaid only: the account itself (null here means itself) or an ancestor */
    invoicingAccountId: z.number().int().positive().nullish(),
    monthlyVolumeLimit: z.number().int().positive("The limit must be positive.").nullish(),
    isPartner: z.boolean().default(false),
    externalRef: z.string().trim().max(120).nullish(),
  })
  .refine((v) => v.paymentModel === "postpaid" || v.invoicingAccountId == null, {
    path: ["invoicingAccountId"],
    message: "Only postpaid accounts have an invoicing account.",
  });
export type CreateChildAccountInput = z.input<typeof createChildAccountSchema>;
