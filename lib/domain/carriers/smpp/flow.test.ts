import fc from "fast-check";
import { expect, it } from "vitest";
import { Deque, MinuteMeter, TokenBucket } from "./flow";

it("Deque behaves like an array through wrap-around and growth", () => {
  const op = fc.oneof(fc.integer().map((n) => ["push", n] as const), fc.integer().map((n) => ["unshift", n] as const), fc.constant(["shift"] as const));
  fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
    const deque = new Deque<number>(), model: number[] = [];
    for (const [name, n] of ops) {
      if (name === "shift") expect(deque.shift()).toBe(model.shift());
      else if (name === "push") {
        deque.push(n!);
        model.push(n!);
      } else {
        deque.unshift(n!);
        model.unshift(n!);
      }
      expect(deque.length).toBe(model.length);
      expect(deque.peek()).toBe(model[0]);
    }
    expect(deque.drain()).toEqual(model);
    expect(deque.length).toBe(0);
  }));
});

it("TokenBucket lets a tenth of a second's burst through, then paces, and lends to a dear part", () => {
  const bucket = new TokenBucket(100);
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) {
    expect(bucket.wait(1, t0)).toBe(0);
    bucket.take(1);
  }
  expect(bucket.wait(1, t0)).toBeCloseTo(10, 0);
  expect(bucket.wait(1, t0 + 10)).toBe(0);
  bucket.take(1);
  expect(bucket.wait(30, t0 + 110)).toBe(0); // 10 tokens, the most it holds: enough for a 30-segment payload
  bucket.take(30);
  expect(bucket.wait(1, t0 + 110)).toBeCloseTo(210, 0); // 20 in debt, then 1
  expect(new TokenBucket(null).wait(1_000, t0)).toBe(0);
});

it("MinuteMeter forgets what is older than a minute", () => {
  const meter = new MinuteMeter();
  meter.add(1_000, 5);
  meter.add(30_500, 2);
  expect(meter.total(31_000)).toBe(7);
  expect(meter.total(61_000)).toBe(2);
  expect(meter.total(91_000)).toBe(0);
});
