"use client";

import { ChartColumn } from "lucide-react";
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatAmount, minorUnitMicro } from "@/lib/money";
import { cn } from "@/lib/utils";
import { MONTH_TICKS_FROM_DAYS, costTicks, formatCount, longDay, monthLabel, monthStartTicks, rangeLabel, shortDay } from "./chart-scale";
import type { DailyPointDto } from "./types";

type Datum = DailyPointDto & { costAxis: number };

const TICK = { fill: "var(--muted-foreground)", fontSize: 12 };

function DayTooltip({ active, payload, currency }: Pick<Partial<TooltipContentProps>, "active" | "payload"> & { currency: string }) {
  const point = payload?.[0]?.payload as Datum | undefined;
  if (!active || !point) return null;
  return (
    <div className="min-w-44 rounded-md border bg-popover px-3 py-2 text-sm text-popover-foreground shadow-md">
      <p className="mb-1 font-medium">{longDay(point.day)}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-0.5 tabular-nums">
        <dt className="flex items-center gap-1.5 text-muted-foreground"><span aria-hidden className="size-2.5 rounded-sm bg-[var(--chart-messages)]" />Messages</dt>
        <dd className="text-right">{formatCount(point.messages)}</dd>
        <dt className="pl-4 text-muted-foreground">Segments</dt>
        <dd className="text-right">{formatCount(point.segments)}</dd>
        <dt className="flex items-center gap-1.5 text-muted-foreground"><span aria-hidden className="h-0.5 w-2.5 rounded bg-[var(--chart-cost)]" />Cost</dt>
        <dd className="text-right">{formatAmount(BigInt(point.cost), currency)}</dd>
        <dt className="pl-4 text-muted-foreground">Delivered</dt>
        <dd className="text-right">{formatCount(point.delivered)}</dd>
        {point.failed > 0 ? (
          <>
            <dt className="pl-4 text-muted-foreground">Failed</dt>
            <dd className="text-right">{formatCount(point.failed)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/**
 * Messages (bars, left axis) and cost (line, right axis) per UTC day, from a series the server aggregated with
 * every day of the range present. A day a tick up to about three months; past that, a tick per month.
 */
export function DailyChart({ points, currency, height = 288, fill = false, className, emptyHint }: {
  points: DailyPointDto[];
  currency: string;
  /** the plot's height in pixels; with `fill`, its minimum, the plot growing into its container */
  height?: number;
  fill?: boolean;
  className?: string;
  /** what to suggest when the range has no traffic */
  emptyHint?: string;
}) {
  const from = points[0]?.day;
  const to = points.at(-1)?.day;
  const messages = points.reduce((sum, p) => sum + p.messages, 0);
  const cost = points.reduce((sum, p) => sum + BigInt(p.cost), 0n);
  const chartColors = "[--chart-messages:oklch(0.62_0.12_255)] [--chart-cost:oklch(0.62_0.19_38)] dark:[--chart-messages:oklch(0.6_0.11_255)] dark:[--chart-cost:oklch(0.76_0.16_55)]";

  if (messages === 0 && cost === 0n) {
    return (
      <div className={cn("flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed p-8 text-center", fill && "h-full", className)} style={{ minHeight: height }} role="status">
        <ChartColumn className="size-8 text-muted-foreground" aria-hidden />
        <p className="font-medium">
          {!from || !to ? "No messages in this range" : from === to ? `No messages on ${rangeLabel(from, to)}` : `No messages between ${rangeLabel(from, from)} and ${rangeLabel(to, to)}`}
        </p>
        <p className="max-w-sm text-sm text-muted-foreground">{emptyHint ?? "Choose a longer range, or send through the API: the chart fills as messages go out."}</p>
      </div>
    );
  }

  const ticks = costTicks(points.reduce((max, p) => (BigInt(p.cost) > max ? BigInt(p.cost) : max), 0n), minorUnitMicro(currency));
  // The one place money becomes a float: positions on the cost axis (the line's points and the ticks, in
  // micro-units, exact below 2^53). Every figure a person reads, tick labels and tooltip included, is
  // formatAmount of a bigint.
  const data: Datum[] = points.map((p) => ({ ...p, costAxis: Number(BigInt(p.cost)) }));
  const byMonth = points.length >= MONTH_TICKS_FROM_DAYS;
  const summary = `Messages and cost per day, ${rangeLabel(from!, to!)}: ${formatCount(messages)} messages, ${formatAmount(cost, currency)} in all.`;

  return (
    <figure className={cn(chartColors, "flex flex-col gap-2", fill && "h-full", className)} aria-label={summary} data-testid="daily-chart">
      <figcaption className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <span className="flex items-center gap-1.5"><span aria-hidden className="size-3 rounded-sm bg-[var(--chart-messages)]" />Messages per day (left axis)</span>
        <span className="flex items-center gap-1.5"><span aria-hidden className="h-0.5 w-4 rounded bg-[var(--chart-cost)]" />Cost per day, {currency} (right axis)</span>
      </figcaption>
      <div className={fill ? "flex-1" : undefined} style={fill ? { minHeight: height } : { height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 4 }} barCategoryGap={points.length > 120 ? 0 : "15%"}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="day"
              tick={TICK}
              tickLine={false}
              axisLine={{ stroke: "var(--border)" }}
              tickFormatter={byMonth ? monthLabel : shortDay}
              ticks={byMonth ? monthStartTicks(points.map((p) => p.day)) : undefined}
              interval={byMonth ? 0 : "preserveStartEnd"}
              minTickGap={byMonth ? 4 : 14}
            />
            <YAxis yAxisId="messages" allowDecimals={false} tick={TICK} tickLine={false} axisLine={false} width="auto" tickFormatter={formatCount} />
            <YAxis
              yAxisId="cost"
              orientation="right"
              domain={[0, Number(ticks.at(-1))]}
              ticks={ticks.map(Number)}
              tick={TICK}
              tickLine={false}
              axisLine={false}
              width="auto"
              tickFormatter={(micro: number) => formatAmount(BigInt(micro), currency)}
            />
            <Tooltip content={(props) => <DayTooltip {...props} currency={currency} />} cursor={{ fill: "var(--muted)", fillOpacity: 0.7 }} isAnimationActive={false} />
            <Bar yAxisId="messages" dataKey="messages" name="Messages" fill="var(--chart-messages)" radius={points.length > 120 ? 0 : [3, 3, 0, 0]} maxBarSize={48} isAnimationActive={false} />
            <Line
              yAxisId="cost"
              dataKey="costAxis"
              name={`Cost (${currency})`}
              type="monotone"
              stroke="var(--chart-cost)"
              strokeWidth={points.length > 120 ? 1.25 : 2}
              dot={points.length <= 31 ? { r: 3, fill: "var(--chart-cost)", strokeWidth: 0 } : false}
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="text-center text-xs text-muted-foreground">Day (UTC)</p>
    </figure>
  );
}
