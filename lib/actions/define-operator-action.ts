import { z } from "zod";
import { requireOperator } from "@/lib/auth/operator-access";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { targetIdsOf, type ActionResult } from "./define-action";

/**
 * defineAction for the operators' console: parse the input, check that the session is a platform operator
 * (anyone else: NotFound, written to their tenant's audit log as denied), run one verb. Expected failures come
 * back as messages for the form; anything else is logged and hidden behind a generic message.
 */
export function defineOperatorAction<S extends z.ZodType<object>, T>(opts: {
  schema: S;
  run: (input: z.output<S>, ctx: OperatorContext) => Promise<T>;
  /** what the audit log says was attempted when the action is refused */
  name: string;
}) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
    }
    try {
      const ctx = await requireOperator({ attempted: `action ${opts.name}`, target: targetIdsOf(parsed.data) });
      return { ok: true, data: await opts.run(parsed.data, ctx) };
    } catch (err) {
      if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
      if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
      if (err instanceof z.ZodError) {
        return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(err).fieldErrors as Record<string, string[]> };
      }
      console.error("operator action failed", err);
      return { ok: false, error: "Something went wrong. Please try again." };
    }
  };
}
