// Runs an async job for the latest request only: while one runs, newer requests replace each other, so the
// classifier never queues behind the pen (pure, no DOM).

export class LatestOnly<T> {
  private running = false;
  private pending: { value: T } | null = null;
  private idle: Promise<void> = Promise.resolve();
  private release: () => void = () => {};

  constructor(private readonly job: (value: T) => Promise<void>) {}

  /** Asks for a run with `value`; returns at once. A request made while a run is busy replaces any earlier one. */
  request(value: T): void {
    this.pending = { value };
    if (!this.running) void this.pump();
  }

  get busy(): boolean {
    return this.running;
  }

  /** Resolves when no run is busy and nothing is pending. */
  settled(): Promise<void> {
    return this.running ? this.idle : Promise.resolve();
  }

  private async pump(): Promise<void> {
    this.running = true;
    this.idle = new Promise((r) => { this.release = r; });
    try {
      while (this.pending) {
        const { value } = this.pending;
        this.pending = null;
        await this.job(value);
      }
    } finally {
      this.running = false;
      this.release();
    }
  }
}
