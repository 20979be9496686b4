import { z } from "zod";
import { DomainError, ValidationError } from "@/lib/domain/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

export class InvalidJsonError extends DomainError {
  constructor(message = "The request body is not valid JSON.") {
    super("invalid_json", message, 400);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor() {
    super("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, 413);
  }
}

/** Issues keyed by their dotted path (`messages.0.to`); issues about the whole value go under `_`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

export function validationErrorOf(error: z.ZodError): ValidationError {
  return new ValidationError("Check the request fields.", fieldErrorsOf(error));
}

/** Validates with `schema`, throwing a ValidationError (422) that every API surface maps. */
export async function validate<S extends z.ZodType>(schema: S, value: unknown): Promise<z.output<S>> {
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) throw validationErrorOf(parsed.error);
  return parsed.data;
}

/**
 * The body as text, refused past MAX_BODY_BYTES. Content-Length is checked first to refuse early, and the
 * stream is counted as it arrives because a chunked body has no Content-Length and a client may understate it.
 */
export async function readBodyText(req: Request): Promise<string> {
  if (Number(req.headers.get("content-length")) > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidJsonError("The request body is not valid UTF-8.");
  }
}

/** JSON.parse with the failure as an InvalidJsonError. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidJsonError();
  }
}
