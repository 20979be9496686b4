import { smscentralApi } from "@/lib/api/smscentral-messaging";

// SMS Central's API URL: ACTION=send or ACTION=balance, GET or POST (also as /api/v3.2/ without a redirect,
// next.config.mjs `skipTrailingSlashRedirect`, and as /wrapper/sms)
export const GET = smscentralApi;
export const POST = smscentralApi;
