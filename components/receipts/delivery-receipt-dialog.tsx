"use client";

import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import type { DeliveryReceiptUrlView } from "@/lib/domain/messaging/delivery-receipt-schemas";
import { DeliveryReceiptForm, type DeliveryReceiptAction } from "./delivery-receipt-form";

/** The delivery-receipt form in a dialog, opened by "Set receipt URL" (none yet) or "Edit". */
export function DeliveryReceiptDialog(props: { account: { id: number; name: string }; receipt: DeliveryReceiptUrlView | null; action: DeliveryReceiptAction }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {props.receipt ? (
          <Button variant="outline" size="sm" aria-label="Edit delivery receipt URL"><Pencil aria-hidden /> Edit</Button>
        ) : (
          <Button variant="outline" size="sm"><Plus aria-hidden /> Set delivery receipt URL</Button>
        )}
      </DialogTrigger>
      <DialogContent>{open ? <DeliveryReceiptForm {...props} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}
