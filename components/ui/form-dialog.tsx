import type { ReactNode } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/** A dialog around a form that mounts only while it is open, so each opening starts from the form's defaults. */
export function FormDialog({ open, onOpenChange, className, children }: { open: boolean; onOpenChange: (open: boolean) => void; className?: string; children: ReactNode }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className={className}>{open ? children : null}</DialogContent>
    </Dialog>
  );
}
