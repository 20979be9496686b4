"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineOperatorAction } from "@/lib/actions/define-operator-action";
import { requestOrigin } from "@/lib/actions/request-origin";
import { activateTenant } from "@/lib/domain/platform/activate-tenant";
import { closeTenant } from "@/lib/domain/platform/close-tenant";
import { createOperatorKey } from "@/lib/domain/platform/create-operator-key";
import { inviteOperator } from "@/lib/domain/platform/invite-operator";
import { provisionTenant } from "@/lib/domain/platform/provision-tenant";
import { recordPayment } from "@/lib/domain/platform/record-payment";
import { resendOwnerInvitation } from "@/lib/domain/platform/resend-owner-invitation";
import { revokeOperatorKey } from "@/lib/domain/platform/revoke-operator-key";
import {
  createOperatorKeySchema,
  inviteOperatorSchema,
  provisionTenantSchema,
  recordPaymentSchema,
  revokeOperatorKeySchema,
  tenantIdSchema,
} from "@/lib/domain/platform/schemas";
import { suspendTenant } from "@/lib/domain/platform/suspend-tenant";
import { removeDefaultPrice } from "@/lib/domain/pricing/remove-default-price";
import { removePrice } from "@/lib/domain/pricing/remove-price";
import { removeDefaultPriceSchema, removePriceSchema, setDefaultPriceSchema, setPriceSchema, startDefaultPricesSchema } from "@/lib/domain/pricing/schemas";
import { setDefaultPrice } from "@/lib/domain/pricing/set-default-price";
import { setPrice } from "@/lib/domain/pricing/set-price";
import { startDefaultPrices } from "@/lib/domain/pricing/start-default-prices";

// The operators' console: every action checks for an operator session (defineOperatorAction), then runs one verb.
const tenantInput = z.object({ tenantId: tenantIdSchema });
const revalidateTenant = (tenantId: number) => {
  revalidatePath("/operator", "layout");
  revalidatePath(`/operator/tenants/${tenantId}`);
};

export const provisionTenantAction = defineOperatorAction({
  name: "provisionTenant",
  schema: provisionTenantSchema,
  run: async (input, ctx) => {
    const created = await provisionTenant({ ctx, input, requestOrigin: await requestOrigin() });
    revalidatePath("/operator", "layout");
    return created;
  },
});

export const recordPaymentAction = defineOperatorAction({
  name: "recordPayment",
  schema: recordPaymentSchema,
  run: async (input, ctx) => {
    const { transfer, payment } = await recordPayment({ ctx, input });
    revalidateTenant(input.tenantId);
    return { transferId: transfer.id.toString(), balance: transfer.toBalanceAfter.toString(), replayed: transfer.replayed, reference: payment.reference };
  },
});

export const suspendTenantAction = defineOperatorAction({
  name: "suspendTenant",
  schema: tenantInput,
  run: async (input, ctx) => {
    const result = await suspendTenant({ ctx, input });
    revalidateTenant(input.tenantId);
    return result;
  },
});

export const activateTenantAction = defineOperatorAction({
  name: "activateTenant",
  schema: tenantInput,
  run: async (input, ctx) => {
    const result = await activateTenant({ ctx, input });
    revalidateTenant(input.tenantId);
    return result;
  },
});

export const closeTenantAction = defineOperatorAction({
  name: "closeTenant",
  schema: tenantInput,
  run: async (input, ctx) => {
    const result = await closeTenant({ ctx, input });
    revalidateTenant(input.tenantId);
    return result;
  },
});

export const resendOwnerInvitationAction = defineOperatorAction({
  name: "resendOwnerInvitation",
  schema: tenantInput,
  run: async (input, ctx) => {
    const sent = await resendOwnerInvitation({ ctx, input, requestOrigin: await requestOrigin() });
    revalidateTenant(input.tenantId);
    return { email: sent.email, mailSent: sent.mailSent };
  },
});

/** A tenant's price list (`accountId` is its master, whose id is the tenant's): the shape the price dialogs send. */
export const setTenantPriceAction = defineOperatorAction({
  name: "setTenantPrice",
  schema: setPriceSchema,
  run: async (input, ctx) => {
    const price = await setPrice({ ctx, input });
    revalidateTenant(input.accountId);
    return { country: price.country, pricePerSegment: price.pricePerSegment.toString() };
  },
});

export const removeTenantPriceAction = defineOperatorAction({
  name: "removeTenantPrice",
  schema: removePriceSchema,
  run: async (input, ctx) => {
    const removed = await removePrice({ ctx, input });
    revalidateTenant(input.accountId);
    return removed;
  },
});

const setDefaultPriceInCurrency = defineOperatorAction({
  name: "setDefaultPrice",
  schema: setDefaultPriceSchema,
  run: async (input, ctx) => {
    const price = await setDefaultPrice({ ctx, input });
    revalidatePath("/operator/prices");
    return { country: price.country, pricePerSegment: price.pricePerSegment.toString() };
  },
});

const removeDefaultPriceInCurrency = defineOperatorAction({
  name: "removeDefaultPrice",
  schema: removeDefaultPriceSchema,
  run: async (input, ctx) => {
    const removed = await removeDefaultPrice({ ctx, input });
    revalidatePath("/operator/prices");
    return removed;
  },
});

/**
 * A default list's price, in the shape the price dialogs send (`{ accountId, country, pricePerSegment }`, whose
 * accountId is not used): the page binds the currency first, `setDefaultPriceAction.bind(null, "EUR")`.
 */
export async function setDefaultPriceAction(currency: unknown, input: unknown) {
  return setDefaultPriceInCurrency({ ...(typeof input === "object" && input ? input : {}), currency });
}

export async function removeDefaultPriceAction(currency: unknown, input: unknown) {
  return removeDefaultPriceInCurrency({ ...(typeof input === "object" && input ? input : {}), currency });
}

export const startDefaultPricesAction = defineOperatorAction({
  name: "startDefaultPrices",
  schema: startDefaultPricesSchema,
  run: async (input, ctx) => {
    const started = await startDefaultPrices({ ctx, input });
    revalidatePath("/operator/prices");
    return started;
  },
});

export const inviteOperatorAction = defineOperatorAction({
  name: "inviteOperator",
  schema: inviteOperatorSchema,
  run: async (input, ctx) => {
    const invited = await inviteOperator({ ctx, input, requestOrigin: await requestOrigin() });
    revalidatePath("/operator/operators");
    return { email: invited.email, replaced: invited.replaced, mailSent: invited.mailSent };
  },
});

export const createOperatorKeyAction = defineOperatorAction({
  name: "createOperatorKey",
  schema: createOperatorKeySchema,
  run: async (input, ctx) => {
    const key = await createOperatorKey({ ctx, input });
    revalidatePath("/operator/api-keys");
    return { id: key.id, name: key.name, masked: key.masked, plaintext: key.plaintext };
  },
});

export const revokeOperatorKeyAction = defineOperatorAction({
  name: "revokeOperatorKey",
  schema: revokeOperatorKeySchema,
  run: async (input, ctx) => {
    await revokeOperatorKey({ ctx, input });
    revalidatePath("/operator/api-keys");
    return { keyId: input.keyId };
  },
});
