import { toDomainError } from "./errors";
import { withRetry } from "./transaction";

type Pending<I, R> = { input: I; resolve: (result: R) => void; reject: (err: unknown) => void };

export type GroupCommitOptions<I, R> = {
  /** at most this many batches in the database at once: the rest of the connection pool stays for reads */
  maxInFlight: number;
  maxBatch: number;
  /** runs one batch as one statement (and so one commit); one result per input, in order: a value or an Error */
  execute: (inputs: I[]) => Promise<(R | Error)[]>;
  /** inputs with the same key never share a batch: the second must see the first one's committed result */
  keyOf: (input: I) => string | null;
  /**
   * the rows an input will lock (e.g. its accounts): an input that shares one with a batch still in the database
   * waits for the next batch rather than joining one that would only queue behind that batch's row locks, so the
   * batches in flight at once are the ones that can really run side by side
   */
  locksOf?: (input: I) => string[];
  /** what the caller sees when its batch failed as a whole */
  mapError?: (err: unknown, input: I) => unknown;
};

/**
 * Group commit. Requests that arrive while earlier batches are still in the database wait and then go
 * together, as one statement and one commit; a lone request goes at once. Each caller still gets its own
 * result after its batch has committed, so nothing is acknowledged before it is durable.
 */
export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  /** the rows held by the batches in flight, each counted once per batch that holds it */
  private held = new Map<string, number>();

  constructor(private readonly options: GroupCommitOptions<I, R>) {}

  submit(input: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    const { maxInFlight, maxBatch, keyOf, locksOf } = this.options;
    while (this.inFlight < maxInFlight && this.queue.length > 0) {
      const batch: Pending<I, R>[] = [];
      const keys = new Set<string>();
      const locks = new Set<string>();
      const rest: Pending<I, R>[] = [];
      for (const pending of this.queue) {
        const key = keyOf(pending.input);
        const wants = locksOf?.(pending.input) ?? [];
        if (batch.length >= maxBatch || (key && keys.has(key)) || wants.some((row) => this.held.has(row))) rest.push(pending);
        else {
          batch.push(pending);
          if (key) keys.add(key);
          for (const row of wants) locks.add(row);
        }
      }
      // everything waiting needs rows a batch in flight holds: it goes when that batch is done
      if (batch.length === 0) return;
      this.queue = rest;
      this.inFlight++;
      for (const row of locks) this.held.set(row, (this.held.get(row) ?? 0) + 1);
      void this.run(batch).finally(() => {
        this.inFlight--;
        for (const row of locks) {
          const count = this.held.get(row)! - 1;
          if (count === 0) this.held.delete(row);
          else this.held.set(row, count);
        }
        this.pump();
      });
    }
  }

  private settle(pending: Pending<I, R>, result: R | Error) {
    if (result instanceof Error) pending.reject(result);
    else pending.resolve(result);
  }

  private async run(batch: Pending<I, R>[]) {
    const { execute, mapError = (err) => toDomainError(err) } = this.options;
    try {
      const results = await withRetry(() => execute(batch.map((p) => p.input)));
      results.forEach((result, i) => this.settle(batch[i], result));
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(mapError(err, batch[0].input));
        return;
      }
      // the batch failed as a whole (not one request's own error): run each alone so that one bad input cannot
      // fail the others
      await Promise.all(
        batch.map((p) =>
          withRetry(() => execute([p.input])).then(
            ([result]) => this.settle(p, result),
            (e) => p.reject(mapError(e, p.input)),
          ),
        ),
      );
    }
  }
}
