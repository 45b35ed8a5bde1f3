// Runs async jobs one after another, so a model is never swapped or disposed while an inference is using it.

export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    // The chain continues after a failure; the caller still sees the rejection through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
