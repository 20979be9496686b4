import { smscentralApi } from "@/lib/api/smscentral-messaging";

// SMS Central's older URL, still in its clients' code (reference-smscentral §1): the same calls as /api/v3.2
export const GET = smscentralApi;
export const POST = smscentralApi;
