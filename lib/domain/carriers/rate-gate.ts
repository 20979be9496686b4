/**
 * A carrier's two limits on what we send: a window (requests or PDUs waiting for their answer) and a rate (a
 * token bucket, refilled continuously, `perSecond` tokens at most banked; a long message costs one token per
 * segment). `acquire` waits for both, in arrival order.
 */
export class RateGate {
  private inFlight = 0;
  private tokens: number;
  private last = performance.now();
  private readonly waiting: { cost: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly window: number,
    private readonly perSecond: number | null,
  ) {
    this.tokens = perSecond ?? 0;
  }

  get pending() {
    return this.inFlight;
  }

  acquire(cost = 1): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ cost, resolve });
      this.drain();
    });
  }

  release() {
    this.inFlight--;
    this.drain();
  }

  private refill() {
    if (this.perSecond === null) return;
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  private drain() {
    this.refill();
    while (this.waiting.length && this.inFlight < this.window) {
      const next = this.waiting[0];
      // a message dearer than a whole second's tokens goes when the bucket is full, not never
      const cost = this.perSecond === null ? 0 : Math.min(next.cost, this.perSecond);
      if (this.perSecond !== null && this.tokens < cost) {
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.drain();
        }, Math.ceil(((cost - this.tokens) / this.perSecond) * 1000));
        return;
      }
      this.tokens -= cost;
      this.inFlight++;
      this.waiting.shift();
      next.resolve();
    }
  }

  /** Drops whoever waits (a stopping link): they resolve false-free by the caller's own stop check. */
  clear() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of this.waiting.splice(0)) w.resolve();
  }
}
