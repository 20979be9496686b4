import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";

/** For a postpaid tree: the charges of this calendar month that will be invoiced (refunds deducted). */
export function AccruedCard({ amount, currency, month }: { amount: bigint; currency: string; month: string }) {
  return (
    <Card className="gap-2 py-4">
      <CardHeader className="px-4">
        <CardDescription>Accrued to invoice in {month}</CardDescription>
        <CardTitle className="text-2xl tabular-nums" data-testid="accrued-this-month"><Money micro={amount} currency={currency} /></CardTitle>
      </CardHeader>
      <CardContent className="px-4 text-xs text-muted-foreground">Charges on postpaid accounts in this tree since the 1st (UTC), refunds deducted.</CardContent>
    </Card>
  );
}
