import { indexMessagesForSearch } from "@/lib/domain/messaging/index-for-search";

/** Message ids per run, and the pause between runs while sends arrive faster than that. */
const BATCH = 2000;
const INTERVAL_MS = 1000;

const globalForIndexer = globalThis as unknown as { subledgerSearchIndexer?: { stop(): void } };

/**
 * Keeps the message log's search index up with the log, in this instance (every instance runs one; the SQL
 * function lets one of them work at a time). Indexing costs ~20 µs of PostgreSQL's CPU per message in batches
 * of thousands (two trigram indexes; no WAL: the tables are unlogged), which a burst of bulk sends would feel:
 * while ids arrive faster than BATCH per interval the indexer takes one batch per interval (2,000 messages/s)
 * and lets the backlog grow; when they slow down it runs batch after batch until it has caught up. The log
 * stays exact meanwhile: it scans the backlog in message itself, which is slower only while it is large.
 */
export function startSearchIndexer() {
  if (globalForIndexer.subledgerSearchIndexer) return;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let lastBacklog = 0;
  const run = async () => {
    let pause = INTERVAL_MS;
    try {
      const { indexed, backlog } = await indexMessagesForSearch({ maxRows: BATCH });
      const arrived = backlog - lastBacklog + indexed;
      lastBacklog = backlog;
      if (indexed > 0 && backlog > 0 && arrived <= BATCH) pause = 0;
    } catch (err) {
      // 57P01: PostgreSQL is shutting down (the dev launcher's Ctrl-C, tests)
      if ((err as { code?: string }).code !== "57P01") console.error("search indexer:", (err as Error).message);
      pause = 5 * INTERVAL_MS;
    }
    if (!stopped) timer = setTimeout(run, pause);
  };
  timer = setTimeout(run, INTERVAL_MS);
  globalForIndexer.subledgerSearchIndexer = {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      globalForIndexer.subledgerSearchIndexer = undefined;
    },
  };
}

export function stopSearchIndexer() {
  globalForIndexer.subledgerSearchIndexer?.stop();
}
