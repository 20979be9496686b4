"use client";

import { Pencil, Zap } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import type { RuleSummary } from "./describe-recharge";
import { AutoRechargeForm, type AutoRechargeAction } from "./auto-recharge-form";

/** The auto-recharge form in a dialog, opened by "Set up" (no rule yet) or "Edit". */
export function AutoRechargeDialog(props: {
  account: { id: number; name: string; currency: string };
  parent: { name: string; balance: string } | null;
  rule: RuleSummary | null;
  action: AutoRechargeAction;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {props.rule ? (
          <Button variant="outline" size="sm" aria-label="Edit auto-recharge"><Pencil aria-hidden /> Edit</Button>
        ) : (
          <Button size="sm"><Zap aria-hidden /> Set up auto-recharge</Button>
        )}
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">{open ? <AutoRechargeForm {...props} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}
