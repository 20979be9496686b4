import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit";

type Input = { id: string; key?: string; rows?: string[] };

/** An executor whose batches stay "in the database" until the test lets each one finish. */
function harness(options: { maxInFlight: number; maxBatch?: number; withLocks?: boolean }) {
  const batches: { ids: string[]; finish: () => void }[] = [];
  const commit = new GroupCommit<Input, string>({
    maxInFlight: options.maxInFlight,
    maxBatch: options.maxBatch ?? 64,
    execute: (inputs) =>
      new Promise((resolve) => {
        batches.push({ ids: inputs.map((i) => i.id), finish: () => resolve(inputs.map((i) => `done ${i.id}`)) });
      }),
    keyOf: (input) => input.key ?? null,
    locksOf: options.withLocks ? (input) => input.rows ?? [] : undefined,
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { commit, batches, tick };
}

describe("GroupCommit", () => {
  it("sends a lone request at once and groups what arrives while batches are in the database", async () => {
    const { commit, batches, tick } = harness({ maxInFlight: 1 });
    const first = commit.submit({ id: "a" });
    const rest = [commit.submit({ id: "b" }), commit.submit({ id: "c" })];
    await tick();
    expect(batches.map((b) => b.ids)).toEqual([["a"]]);
    batches[0].finish();
    expect(await first).toBe("done a");
    await tick();
    expect(batches.map((b) => b.ids)).toEqual([["a"], ["b", "c"]]);
    batches[1].finish();
    expect(await Promise.all(rest)).toEqual(["done b", "done c"]);
  });

  it("never puts two requests with one key in a batch", async () => {
    const { commit, batches, tick } = harness({ maxInFlight: 1 });
    void commit.submit({ id: "a" });
    void commit.submit({ id: "b", key: "k" });
    void commit.submit({ id: "c", key: "k" });
    await tick();
    batches[0].finish();
    await tick();
    expect(batches[1].ids).toEqual(["b"]);
    batches[1].finish();
    await tick();
    expect(batches[2].ids).toEqual(["c"]);
  });

  it("keeps a request that needs rows a batch in flight holds for a later batch, and lets the others run beside it", async () => {
    const { commit, batches, tick } = harness({ maxInFlight: 2, withLocks: true });
    const results = [
      commit.submit({ id: "master→p1", rows: ["master", "p1"] }),
      commit.submit({ id: "master→p2", rows: ["master", "p2"] }),
      commit.submit({ id: "p3→m3", rows: ["p3", "m3"] }),
    ];
    await tick();
    // the first batch took the master; the second may only hold what does not touch it
    expect(batches.map((b) => b.ids)).toEqual([["master→p1"], ["p3→m3"]]);
    batches[1].finish();
    await tick();
    // still held by the first batch: nothing new starts
    expect(batches).toHaveLength(2);
    batches[0].finish();
    await tick();
    expect(batches[2].ids).toEqual(["master→p2"]);
    batches[2].finish();
    expect(await Promise.all(results)).toEqual(["done master→p1", "done master→p2", "done p3→m3"]);
  });

  it("groups requests that share rows with each other when nothing in flight holds them", async () => {
    const { commit, batches, tick } = harness({ maxInFlight: 2, withLocks: true });
    void commit.submit({ id: "x", rows: ["hot"] });
    void commit.submit({ id: "y", rows: ["hot"] });
    void commit.submit({ id: "z", rows: ["hot"] });
    await tick();
    expect(batches.map((b) => b.ids)).toEqual([["x"]]);
    batches[0].finish();
    await tick();
    expect(batches[1].ids).toEqual(["y", "z"]);
  });
});
