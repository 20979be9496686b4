import { listMessagesQuerySchema, type ListMessagesQuery } from "@/lib/domain/messaging/list-messages-schema";

type RawSearchParams = Record<string, string | string[] | undefined>;

const DEFAULTS = listMessagesQuerySchema.parse({});

// a fixed order keeps equal views on equal URLs (shareable, cacheable, comparable in tests)
const KEYS = ["member", "scope", "status", "from", "to", "recipient", "sender", "q", "campaign", "reference", "sort", "page", "pageSize"] as const;

/** The message log's URL state from a page's search params; anything invalid falls back to its default. */
export function parseMessagesQuery(raw: RawSearchParams | URLSearchParams): ListMessagesQuery {
  const entries = raw instanceof URLSearchParams ? [...raw.entries()] : Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return listMessagesQuerySchema.parse(Object.fromEntries(entries));
}

/**
 * The search string (without "?") of a view: only the values that differ from the defaults. Built from the
 * parsed query, never copied from the request, so whatever it is put into carries only known, valid keys.
 */
export function messagesSearch(query: ListMessagesQuery, { paging = true } = {}): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (!paging && (key === "page" || key === "pageSize")) continue;
    const value = query[key];
    if (value !== undefined && value !== DEFAULTS[key]) params.set(key, String(value));
  }
  return params.toString();
}

/** True when the view is narrower than "every message of the subtree": an empty result then means "no match". */
export function hasMessageFilters(query: ListMessagesQuery) {
  return (
    query.scope !== DEFAULTS.scope ||
    [query.member, query.status, query.from, query.to, query.recipient, query.sender, query.q, query.campaign, query.reference].some((v) => v !== undefined)
  );
}

export const messagesPath = (accountId: number | string) => `/accounts/${accountId}/messages`;

/** A list URL with the view's filters, e.g. for the detail page's back link. */
export function messagesHref(accountId: number | string, query: ListMessagesQuery) {
  const search = messagesSearch(query);
  return search ? `${messagesPath(accountId)}?${search}` : messagesPath(accountId);
}
