"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";

/** "Remove" with a confirmation step, for an account's auto-recharge rule or low-balance alert. */
export function RemoveSettingButton({ accountId, label, title, description, done, action }: {
  accountId: number;
  /** the button's accessible name, e.g. "Remove auto-recharge" */
  label: string;
  title: string;
  description: string;
  /** the toast once removed */
  done: string;
  action: (input: { accountId: number }) => Promise<ActionResult<{ removed: boolean }>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" aria-label={label} onClick={() => setOpen(true)}>
        <Trash2 aria-hidden /> Remove
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        description={<p>{description}</p>}
        confirmLabel="Remove"
        destructive
        onConfirm={async () => {
          const result = await action({ accountId });
          if (!result.ok) return result.error;
          toast.success(done);
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
