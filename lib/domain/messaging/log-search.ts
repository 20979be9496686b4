import { prisma } from "@/lib/db/client";

/**
 * How the message log answers its recipient and text filters (the baseline migration explains message_search):
 * from the trigram indexes of message_search for the messages up to `indexedThrough`, and by scanning message itself above it
 * (the few sent since the background indexer last ran), so a message is found the moment its send commits.
 *
 * The trigram index is only worth asking for a pattern that few messages contain: for one that most contain
 * (every body of a one-time-password log reads "Your code is …"), walking the log in its sort order finds a
 * page sooner, and the index's posting lists for such trigrams are long enough that merging them costs more
 * than the walk (a body search for "order 4242" spent 17 ms in the index on trigrams of "order", in every
 * message of the bench's log, and 0.5 ms on those of "4242"). So the index is given only the least common run
 * of letters or digits of the text (the whole text is still checked on each candidate), and a share of the log
 * that a pattern matches, estimated from PostgreSQL's statistics sample of message_search, picks the plan.
 */
export type LogSearch = {
  /** every message up to this id is in message_search */
  indexedThrough: bigint;
  /** LIKE patterns for message_search's trigram indexes: each is implied by the filter it comes from */
  recipientPattern: string | null;
  bodyPattern: string | null;
  /** the estimated share of messages matching those patterns (0 when PostgreSQL has no statistics yet) */
  share: number;
};

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The digits a recipient filter looks for (the number is stored as +<digits>). */
export const recipientDigits = (recipient: string) => recipient.replace(/\D/g, "");

/**
 * Runs of letters or digits long enough to give a trigram each (pg_trgm splits text into such words), as
 * written: each is a substring of the text, so a body containing the text contains each run (ILIKE lowercases
 * both sides character by character; lowercasing here could disagree with PostgreSQL's on some letters).
 */
const searchableRuns = (text: string) => [...new Set(text.match(/[\p{L}\p{N}]{3,}/gu) ?? [])];

/**
 * The index plan for the filters' recipient digits and text, or null when neither has a run of 3 letters or
 * digits (the trigram index cannot narrow such a filter: the log is scanned as before).
 */
export async function planLogSearch(filters: { recipient?: string; q?: string }): Promise<LogSearch | null> {
  const digits = filters.recipient ? recipientDigits(filters.recipient) : "";
  const recipientPattern = digits.length >= 3 ? `%${digits}%` : null;
  const bodyCandidates = filters.q ? searchableRuns(filters.q).map((run) => `%${escapeLike(run)}%`) : [];
  if (!recipientPattern && bodyCandidates.length === 0) return null;
  const patterns = [...(recipientPattern ? [{ column: "recipient", pattern: recipientPattern }] : []), ...bodyCandidates.map((pattern) => ({ column: "body", pattern }))];
  // the share of the statistics sample each pattern matches: the most common values by their frequency, the
  // histogram's (a sample of the rest) by count, as the planner estimates LIKE
  const [state, shares] = await Promise.all([
    prisma.$queryRaw<{ indexed_through: bigint }[]>`SELECT indexed_through FROM message_search_state WHERE id = 1`,
    prisma.$queryRaw<{ column: string; pattern: string; share: number | null }[]>`
      SELECT p.column, p.pattern,
        coalesce((SELECT sum(x.f) FROM unnest(st.most_common_vals::text::text[], st.most_common_freqs) x(v, f) WHERE x.v ILIKE p.pattern), 0)
          + (1 - st.null_frac - coalesce((SELECT sum(f) FROM unnest(st.most_common_freqs) f), 0))
            * coalesce((SELECT avg((v ILIKE p.pattern)::int) FROM unnest(st.histogram_bounds::text::text[]) v), 0) AS share
      FROM jsonb_to_recordset(${JSON.stringify(patterns)}::jsonb) p("column" text, pattern text)
      LEFT JOIN pg_stats st ON st.schemaname = current_schema() AND st.tablename = 'message_search' AND st.attname = p.column`,
  ]);
  const shareOf = (column: string, pattern: string) => Number(shares.find((s) => s.column === column && s.pattern === pattern)?.share ?? 0);
  // the rarest run of the text; between equally rare ones, the longest (more trigrams to intersect)
  const bodyPattern =
    bodyCandidates.length === 0
      ? null
      : bodyCandidates.reduce((best, p) => {
          const d = shareOf("body", p) - shareOf("body", best);
          return d < 0 || (d === 0 && p.length > best.length) ? p : best;
        });
  const share = Math.min(recipientPattern ? shareOf("recipient", recipientPattern) : 1, bodyPattern ? shareOf("body", bodyPattern) : 1);
  return { indexedThrough: state[0]?.indexed_through ?? 0n, recipientPattern, bodyPattern, share };
}
