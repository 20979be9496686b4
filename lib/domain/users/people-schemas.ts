import { z } from "zod";

// Kept apart from the verbs so that the forms can import them without the database client.

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")).pipe(z.string().max(254));
const roleSchema = z.enum(["owner", "admin", "viewer"], { error: "Choose owner, admin or viewer." });
// the upper bound matches sign-in's: a longer password could be set here but never used to sign in
export const newPasswordSchema = z.string().min(10, "Use at least 10 characters.").max(1024, "Keep the password under 1,024 characters.");

/** A password that is the e-mail address, or its part before the @, is the first thing anyone would try. */
export function passwordEchoesEmail(password: string, emailAddress: string) {
  const p = password.trim().toLowerCase();
  return p === emailAddress || p === emailAddress.split("@")[0] || p.includes(emailAddress);
}

/** Invite someone into `accountId` itself with a role (DESIGN.md §4: "join this account"). */
export const inviteColleagueSchema = z.object({ accountId: z.number().int().positive(), email, role: roleSchema });
export type InviteColleagueInput = z.input<typeof inviteColleagueSchema>;

export const changeUserRoleSchema = z.object({ accountId: z.number().int().positive(), userId: z.number().int().positive(), role: roleSchema });
export type ChangeUserRoleInput = z.input<typeof changeUserRoleSchema>;

export const removeUserSchema = z.object({ accountId: z.number().int().positive(), userId: z.number().int().positive() });
export type RemoveUserInput = z.input<typeof removeUserSchema>;

export const setTwoFactorRequirementSchema = z.object({ accountId: z.number().int().positive(), required: z.boolean() });

export const profileNameSchema = z.object({ name: z.string().trim().min(1, "Enter your name.").max(120, "Keep the name under 120 characters.") });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword: newPasswordSchema,
});
export const changePasswordFormSchema = changePasswordSchema
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), password: newPasswordSchema });
export const resetPasswordFormSchema = resetPasswordSchema
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

export const twoFactorCodeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.") });
export const disableTwoFactorSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(1024),
  code: z.string().trim().min(6, "Enter a code from your authenticator app, or a recovery code.").max(32),
});
