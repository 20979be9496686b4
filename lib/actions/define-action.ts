import { z } from "zod";
import { requireAccess } from "@/lib/auth/access";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";
import { recordIfDenied } from "@/lib/domain/audit/record-denial";
import type { Role } from "@/lib/db/generated/enums";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * The one server-action wrapper: parse the input, authorize (session, subtree, role) for the account it
 * names, run one domain verb. Expected failures come back as messages for the form; anything else is logged
 * and hidden behind a generic message.
 */
export function defineAction<S extends z.ZodType<{ accountId: number }>, T>(opts: {
  schema: S;
  role: Role;
  run: (input: z.output<S>, ctx: DomainContext) => Promise<T>;
  /** what the audit log says was attempted when the action is refused (the verb's name) */
  name?: string;
}) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
    }
    const attempt = { attempted: `action ${opts.name ?? "(unnamed)"}`, target: targetIdsOf(parsed.data) };
    let ctx: DomainContext | undefined;
    try {
      ctx = await requireAccess(parsed.data.accountId, opts.role, attempt);
      return { ok: true, data: await opts.run(parsed.data, ctx) };
    } catch (err) {
      // a refusal deeper than requireAccess (the verb's own subtree or role check) is recorded here
      if (ctx) await recordIfDenied(ctx, attempt, err);
      if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
      if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
      if (err instanceof z.ZodError) {
        return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(err).fieldErrors as Record<string, string[]> };
      }
      console.error("server action failed", err);
      return { ok: false, error: "Something went wrong. Please try again." };
    }
  };
}

/** The ids an action's input names (accountId, memberId, apiKeyId, …): what a refusal says was targeted. */
export function targetIdsOf(input: object): Record<string, number> {
  return Object.fromEntries(Object.entries(input).filter((e): e is [string, number] => /(^id|Id)$/.test(e[0]) && typeof e[1] === "number"));
}
