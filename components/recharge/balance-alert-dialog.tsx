"use client";

import { BellPlus, Pencil } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { BalanceAlertForm, type BalanceAlertAction } from "./balance-alert-form";

/** The low-balance alert form in a dialog, opened by "Set alert" (none yet) or "Edit". */
export function BalanceAlertDialog(props: {
  account: { id: number; name: string; currency: string };
  alert: { threshold: string; notifyMembers: boolean } | null;
  recipients: string;
  action: BalanceAlertAction;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {props.alert ? (
          <Button variant="outline" size="sm" aria-label="Edit low-balance alert"><Pencil aria-hidden /> Edit</Button>
        ) : (
          <Button variant="outline" size="sm"><BellPlus aria-hidden /> Set low-balance alert</Button>
        )}
      </DialogTrigger>
      <DialogContent>{open ? <BalanceAlertForm {...props} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}
