"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { AccountPriceRow } from "@/lib/domain/pricing/queries";
import { formatPrice, microToDecimalString } from "@/lib/money";
import { PriceDialog } from "./price-dialog";
import type { RemovePriceAction, SetPriceAction } from "./types";

function priceHint(accountName: string, inherited: string | null, floor: string | null) {
  if (inherited !== null && inherited === floor) {
    return <p>Without a price of its own, {accountName} pays <strong className="tabular-nums">{inherited}</strong>, as your own account does: the least you can set.</p>;
  }
  if (inherited === null && floor === null) return undefined;
  return (
    <ul className="space-y-1">
      {inherited !== null ? <li>Without a price of its own, {accountName} pays <strong className="tabular-nums">{inherited}</strong>.</li> : null}
      {floor !== null ? <li>The least you can set is <strong className="tabular-nums">{floor}</strong>, what your own account pays.</li> : null}
    </ul>
  );
}

/** Set, change or remove an account's own price for one country: for the owners of an account above it. */
export function AccountPriceRowActions({ row, account, currency, actions }: {
  row: AccountPriceRow;
  account: { id: number; name: string };
  currency: string;
  actions: { set: SetPriceAction; remove: RemovePriceAction };
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "remove" | null>(null);
  const money = (micro: string) => formatPrice(BigInt(micro), currency);
  const isOwn = row.source.kind === "override" && row.source.isThisAccount;
  const hint = priceHint(account.name, row.inherited === null ? null : money(row.inherited), row.floor === null ? null : money(row.floor));
  return (
    <div className="flex justify-end gap-1">
      <Button variant="ghost" size="sm" onClick={() => setDialog("edit")}
        aria-label={isOwn ? `Change the price of ${account.name} for ${row.name}` : `Set a price of ${account.name} for ${row.name}`}>
        <Pencil className="size-4" aria-hidden /> {isOwn ? "Change" : "Set price"}
      </Button>
      {isOwn ? (
        <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive" onClick={() => setDialog("remove")}
          aria-label={`Remove the price of ${account.name} for ${row.name}`}>
          <Trash2 className="size-4" aria-hidden /> Remove
        </Button>
      ) : null}
      <PriceDialog
        open={dialog === "edit"}
        onOpenChange={(o) => setDialog(o ? "edit" : null)}
        accountId={account.id}
        title={`${row.name} for ${account.name}`}
        description={`Applies to ${account.name} and every account below it that has no price of its own for ${row.name}.`}
        country={{ code: row.country, name: row.name }}
        defaultPrice={microToDecimalString(BigInt(row.pricePerSegment))}
        currency={currency}
        hint={hint}
        listPrice={row.listPrice ?? undefined}
        action={actions.set}
      />
      {isOwn ? (
        <ConfirmDialog
          open={dialog === "remove"}
          onOpenChange={(o) => setDialog(o ? "remove" : null)}
          title={`Remove the price of ${account.name} for ${row.name}?`}
          description={
            <p>
              {row.inherited !== null
                ? `${account.name} and the accounts below it without a price of their own pay ${money(row.inherited)} per segment again.`
                : `${account.name} can no longer send to ${row.name}.`}
            </p>
          }
          confirmLabel="Remove price"
          onConfirm={async () => {
            const result = await actions.remove({ accountId: account.id, country: row.country });
            if (!result.ok) return result.error;
            toast.success(`${account.name} pays the inherited price for ${row.name} again.`);
            router.refresh();
            return null;
          }}
        />
      ) : null}
    </div>
  );
}
