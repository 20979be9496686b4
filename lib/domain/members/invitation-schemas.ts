import { z } from "zod";
import { memberNameSchema } from "./schemas";

// Kept apart from the verbs so that the client form can import them without pulling in the database client.

/** What accepting an invitation takes: the link's token and the new user's name and password. */
export const acceptInvitationSchema = z.object({
  token: z.string().min(1).max(200),
  name: memberNameSchema,
  // the upper bound matches sign-in's: a longer password could be set here but never used to sign in
  password: z.string().min(10, "Use at least 10 characters.").max(1024, "Keep the password under 1,024 characters."),
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;

/** The public invitation form: the same fields plus a confirmation that catches a typo in the password. */
export const acceptInvitationFormSchema = acceptInvitationSchema
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type AcceptInvitationFormValues = z.input<typeof acceptInvitationFormSchema>;

/** Resend and revoke: `accountId` is the page's account (what the action authorizes), plus the invitation. */
export const invitationActionSchema = z.object({
  accountId: z.number().int().positive(),
  invitationId: z.number().int().positive(),
});
export type InvitationActionInput = z.input<typeof invitationActionSchema>;

export const INVITATION_STATUSES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationListStatus = (typeof INVITATION_STATUSES)[number];
export const INVITATION_PAGE_SIZES = [25, 50, 100] as const;

/** The invitations page's URL state. Every field falls back to its default, so a hand-edited URL never errors. */
export const listInvitationsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union(INVITATION_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(25),
  status: z.enum(INVITATION_STATUSES).optional().catch(undefined),
});
export type ListInvitationsQuery = z.output<typeof listInvitationsQuerySchema>;
