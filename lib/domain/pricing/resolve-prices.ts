/** One price row as stored: the tenant's list (no account) or an override on an account. */
export type StoredPrice = { country: string; pricePerSegment: bigint; updatedAt: Date };

export type ResolvedPrice = StoredPrice & {
  /** the account whose override applies, or null for the tenant's list */
  setOn: number | null;
};

/**
 * The price of `country` for the account at `path[index]`, by the rule effectivePrices() applies at send time
 * (lib/domain/messaging/prices.ts): the override nearest to the account on its path, else the tenant's list.
 * Undefined: neither has a price, so the country cannot be sent to.
 */
export function resolvePrice(
  country: string,
  path: readonly number[],
  index: number,
  list: ReadonlyMap<string, StoredPrice>,
  overrides: ReadonlyMap<number, ReadonlyMap<string, StoredPrice>>,
): ResolvedPrice | undefined {
  for (let i = index; i >= 0; i--) {
    const override = overrides.get(path[i])?.get(country);
    if (override) return { ...override, setOn: path[i] };
  }
  const listed = list.get(country);
  return listed ? { ...listed, setOn: null } : undefined;
}
