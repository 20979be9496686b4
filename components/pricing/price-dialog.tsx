"use client";

import { Plus } from "lucide-react";
import { useState, type ComponentProps } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { PriceForm } from "./price-form";

type FormProps = Omit<ComponentProps<typeof PriceForm>, "onDone">;

/**
 * The price form in a dialog: opened by its own button (`triggerLabel`), or controlled from a row's buttons.
 * The form mounts only while open, so each opening starts from the stored price.
 */
export function PriceDialog({ triggerLabel, open: openProp, onOpenChange, ...form }: FormProps & {
  triggerLabel?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const controlled = openProp !== undefined;
  const open = controlled ? openProp : ownOpen;
  const setOpen = controlled ? (onOpenChange ?? (() => {})) : setOwnOpen;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {triggerLabel ? (
        <DialogTrigger asChild>
          <Button><Plus className="size-4" aria-hidden /> {triggerLabel}</Button>
        </DialogTrigger>
      ) : null}
      <DialogContent>{open ? <PriceForm {...form} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}
