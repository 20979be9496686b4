import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

/** The end of a form in a dialog: the action's error for the whole form, Cancel, and the submit button with its pending text. */
export function DialogFormFooter({ error, pending, onCancel, submitLabel, pendingLabel = "Saving…", submitDisabled = false }: {
  /** the form's root error (what the action answered), if any */
  error?: string;
  pending: boolean;
  onCancel: () => void;
  submitLabel: string;
  pendingLabel?: string;
  submitDisabled?: boolean;
}) {
  return (
    <>
      {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onCancel} disabled={pending}>Cancel</Button>
        <Button type="submit" disabled={pending || submitDisabled}>{pending ? pendingLabel : submitLabel}</Button>
      </DialogFooter>
    </>
  );
}
