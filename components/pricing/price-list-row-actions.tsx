"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { PriceRow } from "@/lib/domain/pricing/queries";
import { microToDecimalString } from "@/lib/money";
import { PriceDialog } from "./price-dialog";
import type { RemovePriceAction, SetPriceAction } from "./types";

/** Edit and Remove for one row of the tenant's price list. */
export function PriceListRowActions({ row, accountId, currency, actions }: {
  row: PriceRow;
  accountId: number;
  currency: string;
  actions: { set: SetPriceAction; remove: RemovePriceAction };
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "remove" | null>(null);
  return (
    <div className="flex justify-end gap-1">
      <Button variant="ghost" size="sm" onClick={() => setDialog("edit")} aria-label={`Edit the price for ${row.name}`}>
        <Pencil className="size-4" aria-hidden /> Edit
      </Button>
      <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive" onClick={() => setDialog("remove")} aria-label={`Remove ${row.name}`}>
        <Trash2 className="size-4" aria-hidden /> Remove
      </Button>
      <PriceDialog
        open={dialog === "edit"}
        onOpenChange={(o) => setDialog(o ? "edit" : null)}
        accountId={accountId}
        title={`Price for ${row.name}`}
        description="What every account pays per segment to this country, unless it has a price of its own."
        country={{ code: row.country, name: row.name }}
        defaultPrice={microToDecimalString(BigInt(row.pricePerSegment))}
        currency={currency}
        action={actions.set}
      />
      <ConfirmDialog
        open={dialog === "remove"}
        onOpenChange={(o) => setDialog(o ? "remove" : null)}
        destructive
        title={`Remove ${row.name} from the price list?`}
        description={
          <>
            <p>Nobody in your tenant can send messages to {row.name} any more; messages already sent keep their price.</p>
            {row.overrides > 0 ? (
              <p className="font-medium text-foreground">
                {row.overrides === 1 ? "The one account price" : `The ${row.overrides} account prices`} set for {row.name} {row.overrides === 1 ? "goes" : "go"} too.
              </p>
            ) : null}
          </>
        }
        confirmLabel="Remove"
        onConfirm={async () => {
          const result = await actions.remove({ accountId, country: row.country });
          if (!result.ok) return result.error;
          toast.success(`${row.name} is off the price list.`);
          router.refresh();
          return null;
        }}
      />
    </div>
  );
}
