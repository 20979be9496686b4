import { z } from "zod";
import { defineOperations } from "../operation";
import { accountIdParam } from "../primitives";
import { accountStatisticsSchema, statisticsQuerySchema } from "@/lib/api/v1/statistics";

export const STATISTICS_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/accounts/{id}/statistics",
    operationId: "getAccountStatistics",
    summary: "Get statistics",
    description:
      "The traffic of an account and everything below it over a range of UTC days (default: the last 30, at most 366): " +
      "totals, and optionally the same figures by direct member (each member's subtree rolled up), by day, by " +
      "destination country or by status.",
    tags: ["Statistics"],
    params: z.object({ id: accountIdParam }),
    query: statisticsQuerySchema,
    responses: { 200: accountStatisticsSchema, 404: "The account is not in the key's subtree.", 422: "A bad date, range or `group_by`." },
    example: {
      params: { id: "42" },
      query: { from: "2026-11-01", to: "2026-11-24", group_by: "member" },
      response: {
        account_id: 42,
        from: "2026-11-01",
        to: "2026-11-24",
        days: 24,
        currency: "EUR",
        group_by: "member",
        totals: { messages: 1200, segments: 1310, cost: "58.95", delivered: 1150, failed: 30, delivery_rate: 0.9746 },
        groups: [
          {
            account_id: 57,
            name: "Acme Retail",
            is_own_traffic: false,
            is_partner: false,
            messages: 1200,
            segments: 1310,
            cost: "58.95",
            delivered: 1150,
            failed: 30,
            delivery_rate: 0.9746,
            share: 1,
          },
        ],
      },
    },
  },
]);
