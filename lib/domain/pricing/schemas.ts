import { isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";
import { pricePerSegmentSchema } from "./price-form-schema";

/**
 * An ISO 3166-1 alpha-2 code that a recipient can resolve to (the metadata parseRecipient uses): a price for
 * any other code could never be charged, and would only hide a typo.
 */
export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use a two-letter country code such as DE.")
  .refine((code) => isSupportedCountry(code), "This is not a country messages can be sent to.");

const accountIdSchema = z.number().int().positive();

/** The tenant's price for one destination. `accountId` is the master account, whose list it is. */
export const setPriceSchema = z.object({ accountId: accountIdSchema, country: countryCodeSchema, pricePerSegment: pricePerSegmentSchema });
export type SetPriceInput = z.input<typeof setPriceSchema>;

export const removePriceSchema = z.object({ accountId: accountIdSchema, country: countryCodeSchema });
export type RemovePriceInput = z.input<typeof removePriceSchema>;

/** An override for one destination. `accountId` is the account priced (with its subtree). */
export const setAccountPriceSchema = z.object({ accountId: accountIdSchema, country: countryCodeSchema, pricePerSegment: pricePerSegmentSchema });
export type SetAccountPriceInput = z.input<typeof setAccountPriceSchema>;

export const removeAccountPriceSchema = z.object({ accountId: accountIdSchema, country: countryCodeSchema });
export type RemoveAccountPriceInput = z.input<typeof removeAccountPriceSchema>;

const currencyCodeSchema = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as EUR.");

/** The operators' default price list for new tenants in one currency. */
export const setDefaultPriceSchema = z.object({ currency: currencyCodeSchema, country: countryCodeSchema, pricePerSegment: pricePerSegmentSchema });
export type SetDefaultPriceInput = z.input<typeof setDefaultPriceSchema>;

export const removeDefaultPriceSchema = z.object({ currency: currencyCodeSchema, country: countryCodeSchema });
export type RemoveDefaultPriceInput = z.input<typeof removeDefaultPriceSchema>;

export const startDefaultPricesSchema = z.object({ currency: currencyCodeSchema });
