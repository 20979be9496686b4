const now = () => performance.now();

/**
 * Segments per second for the whole connection. The burst is a tenth of a second's worth: it absorbs a
 * wake-up that comes up to 100 ms late (a busy event loop) and keeps any one-second window within 10 % of the
 * rate. A part dearer than the burst (a message_payload) runs into debt.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private at = now();

  constructor(private readonly rate: number | null) {
    this.capacity = rate ? Math.max(1, rate / 10) : Infinity;
    this.tokens = this.capacity;
  }

  /** ms until `cost` can go */
  wait(cost: number, at: number): number {
    if (!this.rate) return 0;
    this.tokens = Math.min(this.capacity, this.tokens + ((at - this.at) * this.rate) / 1_000);
    this.at = at;
    const need = Math.min(cost, this.capacity);
    return this.tokens >= need ? 0 : ((need - this.tokens) * 1_000) / this.rate;
  }

  take(cost: number): void {
    if (this.rate) this.tokens -= cost;
  }
}

/** Counts per second over the last minute, in 60 buckets. */
export class MinuteMeter {
  private readonly counts = new Array<number>(60).fill(0);
  private readonly seconds = new Array<number>(60).fill(-1);

  add(atMs: number, n = 1): void {
    const second = Math.floor(atMs / 1_000), i = second % 60;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
  }

  total(atMs: number): number {
    const second = Math.floor(atMs / 1_000);
    let sum = 0;
    for (let i = 0; i < 60; i++) if (this.seconds[i] > second - 60) sum += this.counts[i];
    return sum;
  }
}

/** A ring buffer: the queue takes parts back at its head after a drop, which an array's unshift makes O(n). */
export class Deque<T> {
  private items: (T | undefined)[] = new Array(64);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  peek(): T | undefined {
    return this.size ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (!this.size) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.size--;
    return item;
  }

  push(item: T): void {
    this.grow();
    this.items[(this.head + this.size++) % this.items.length] = item;
  }

  unshift(item: T): void {
    this.grow();
    this.head = (this.head - 1 + this.items.length) % this.items.length;
    this.items[this.head] = item;
    this.size++;
  }

  *values(): Generator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[(this.head + i) % this.items.length]!;
  }

  drain(): T[] {
    const all = [...this.values()];
    this.items = new Array(64);
    this.head = this.size = 0;
    return all;
  }

  private grow(): void {
    if (this.size < this.items.length) return;
    const all = [...this.values()];
    this.items = [...all, ...new Array<T | undefined>(all.length)];
    this.head = 0;
  }
}
