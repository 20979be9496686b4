import pg from "pg";

const globalForListen = globalThis as unknown as { subledgerListeners?: Map<string, pg.Client> };

/**
 * Calls `onNotify` for every NOTIFY on `channel` (delivered by PostgreSQL at commit), on a connection of its
 * own that reconnects when it drops.
 */
export async function listen(channel: string, onNotify: (payload?: string) => void): Promise<void> {
  const listeners = (globalForListen.subledgerListeners ??= new Map());
  if (listeners.has(channel)) return;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const connect = async () => {
    const client = new pg.Client({ connectionString: url, application_name: `subledger-listen-${channel}` });
    client.on("notification", (n) => onNotify(n.payload));
    client.on("error", (err: Error & { code?: string }) => {
      // PostgreSQL going away (a shutdown, 57P01, or a dropped socket: Ctrl-C of npm run dev, a restart) is
      // expected: the "end" handler below reconnects
      const isDropped = err.code === "57P01" || err.message === "Connection terminated unexpectedly";
      if (!isDropped) console.error(`listen ${channel}:`, err.message);
    });
    client.on("end", () => {
      if (listeners.get(channel) !== client) return;
      listeners.delete(channel);
      // until it is back: PostgreSQL may be down for longer than one attempt (npm run test:stress, kill-pg)
      const retry = () => setTimeout(() => void connect().catch(retry), 1000).unref();
      retry();
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    listeners.set(channel, client);
    // whatever was notified while we were not listening
    onNotify();
  };
  await connect();
}

export async function unlistenAll() {
  const listeners = globalForListen.subledgerListeners;
  if (!listeners) return;
  const clients = [...listeners.values()];
  listeners.clear();
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
}
