import type { DayPoint } from "@/lib/domain/stats/queries";

/** A day of the chart as the server hands it to the browser: money as a string of micro-units. */
export type DailyPointDto = { day: string; messages: number; segments: number; cost: string; delivered: number; failed: number };

export const toDailyPointDto = (p: DayPoint): DailyPointDto => ({
  day: p.day,
  messages: p.messages,
  segments: p.segments,
  cost: p.cost.toString(),
  delivered: p.delivered,
  failed: p.failed,
});
