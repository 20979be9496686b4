import { TokenBucket } from "./smpp/flow";

/**
 * An HTTP upstream's two limits on what we send: a window (requests waiting for their answer) and a rate (the
 * SMPP link's token bucket; a long message costs one token per segment). `acquire` waits for both, in order.
 */
export class RateGate {
  private inFlight = 0;
  private readonly bucket: TokenBucket;
  private readonly waiting: { cost: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly window: number,
    perSecond: number | null,
  ) {
    this.bucket = new TokenBucket(perSecond);
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

  private drain() {
    while (this.waiting.length && this.inFlight < this.window) {
      const next = this.waiting[0];
      const wait = this.bucket.wait(next.cost, performance.now());
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.drain();
        }, Math.ceil(wait));
        return;
      }
      this.bucket.take(next.cost);
      this.inFlight++;
      this.waiting.shift();
      next.resolve();
    }
  }

  /** Lets whoever waits go (a stopping link): each then sees the link stopped and sends nothing. */
  clear() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // each counts as sent, so that its release() balances
    for (const w of this.waiting.splice(0)) {
      this.inFlight++;
      w.resolve();
    }
  }
}
