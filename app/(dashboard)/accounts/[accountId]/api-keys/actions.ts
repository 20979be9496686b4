"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/domain/api-keys/revoke-api-key";
import { rotateApiKey } from "@/lib/domain/api-keys/rotate-api-key";
import { apiKeyActionSchema, createApiKeySchema, rotateApiKeySchema } from "@/lib/domain/api-keys/schemas";

// The team table shows each member's key, so its pages may change too.
function revalidateKeys(accountId: number) {
  revalidatePath(`/accounts/${accountId}/api-keys`);
  revalidatePath("/accounts/[accountId]/team", "page");
}

/** The plaintext goes back to the browser that asked, once; it is never logged or stored. */
export const createApiKeyAction = defineAction({
  name: "createApiKey",
  schema: createApiKeySchema,
  role: "admin",
  run: async (input, ctx) => {
    const key = await createApiKey({ ctx, input });
    revalidateKeys(input.accountId);
    return { id: key.id, name: key.name, masked: key.masked, plaintext: key.plaintext };
  },
});

export const rotateApiKeyAction = defineAction({
  name: "rotateApiKey",
  schema: rotateApiKeySchema,
  role: "admin",
  run: async (input, ctx) => {
    const { created, replaced } = await rotateApiKey({ ctx, input });
    revalidateKeys(input.accountId);
    return {
      created: { id: created.id, name: created.name, masked: created.masked, plaintext: created.plaintext },
      replaced: { id: replaced.id, masked: replaced.masked, expiresAt: replaced.expiresAt.toISOString() },
    };
  },
});

export const revokeApiKeyAction = defineAction({
  name: "revokeApiKey",
  schema: apiKeyActionSchema,
  role: "admin",
  run: async (input, ctx) => {
    const revoked = await revokeApiKey({ ctx, input });
    revalidateKeys(input.accountId);
    return { id: revoked.id, name: revoked.name, masked: revoked.masked, wasAlreadyRevoked: revoked.wasAlreadyRevoked };
  },
});
