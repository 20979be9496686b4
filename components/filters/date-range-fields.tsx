import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

/**
 * The two UTC date inputs of a filter form, and what is wrong with the range said where it was typed: an end
 * before the start marks both inputs invalid with the reason beside them, and a range the page had to cut says
 * so. `from`/`to` are what the URL asked for (YYYY-MM-DD), not a corrected range.
 */
export function DateRangeFields({
  from, to, idPrefix = "f", fromLabel = "From date (UTC)", toLabel = "To date (UTC)", required, inputClassName, messageClassName, invertedMessage, cutMessage,
}: {
  from: string | undefined;
  to: string | undefined;
  idPrefix?: string;
  fromLabel?: string;
  toLabel?: string;
  required?: boolean;
  inputClassName?: string;
  /** e.g. `order-last` in a wrapping row, to put the message under the whole form */
  messageClassName?: string;
  /** what the page does with an inverted range; by default a list shows nothing for it */
  invertedMessage?: string;
  /** set when the page shows less than was asked for (a maximum span) */
  cutMessage?: string | null;
}) {
  const inverted = Boolean(from && to && from > to);
  const errorId = `${idPrefix}-range-error`;
  const noteId = `${idPrefix}-range-note`;
  const describedBy = inverted ? errorId : cutMessage ? noteId : undefined;
  const field = (name: "from" | "to", label: string, value: string | undefined) => (
    <div className="space-y-1">
      <Label htmlFor={`${idPrefix}-${name}`}>{label}</Label>
      <Input id={`${idPrefix}-${name}`} name={name} type="date" defaultValue={value ?? ""} required={required}
        aria-invalid={inverted || undefined} aria-describedby={describedBy} className={cn("dark:scheme-dark", inputClassName)} />
    </div>
  );
  return (
    <>
      {field("from", fromLabel, from)}
      {field("to", toLabel, to)}
      {inverted ? (
        <p id={errorId} role="alert" className={cn("col-span-full basis-full text-sm text-destructive", messageClassName)}>
          The end date ({to}) is before the start date ({from}). {invertedMessage ?? "No entry can match: swap them or change one."}
        </p>
      ) : cutMessage ? (
        <p id={noteId} role="status" className={cn("col-span-full basis-full text-sm text-muted-foreground", messageClassName)}>{cutMessage}</p>
      ) : null}
    </>
  );
}
