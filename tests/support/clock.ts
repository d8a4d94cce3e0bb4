import { setImmediate as nextTurn } from 'node:timers/promises';
import { vi } from 'vitest';

/**
 * Time for a test, in milliseconds, handed to the code under test instead of the
 * real clock (the drain's `now` and `sleep`, the stand-in Airtable's `now`). A sleep
 * on it takes no real time: it moves the clock on and lets other work run, so a run
 * that waits out Airtable's one-second windows and penalties finishes at once, and
 * what happens does not depend on how fast the machine is.
 *
 * - `frozen` (the default): time moves only when something sleeps on the clock or the
 *   test calls `advance`.
 * - `running`: time also runs on with the real clock, for code on the other side that
 *   paces itself by the real clock (a child process, `spaced()`); sleeps and `advance`
 *   still jump it forward.
 */
export class TestClock {
  private readonly running: boolean;
  private readonly start: number;
  private offset = 0;
  private asDate = false;

  constructor(options: { start?: number; running?: boolean } = {}) {
    this.running = options.running ?? false;
    this.start = options.start ?? realNow();
  }

  readonly now = (): number => (this.running ? realNow() : this.start) + this.offset;

  readonly sleep = async (ms: number): Promise<void> => {
    this.advance(ms);
    await nextTurn();
  };

  /** Moves the clock on by `ms`, as if that long had passed. */
  advance(ms: number): void {
    if (ms > 0) this.offset += ms;
    if (this.asDate) vi.setSystemTime(this.now());
  }

  /**
   * Makes this (frozen) clock the process's Date as well, for code that reads
   * Date.now() and takes no clock (the write path's gate); only Date is faked, timers
   * stay real. Undo with `restoreDate()`.
   */
  installAsDate(): this {
    if (this.running) throw new Error('only a frozen clock can stand in for Date');
    vi.useFakeTimers({ toFake: ['Date'], now: this.now() });
    this.asDate = true;
    return this;
  }

  restoreDate(): void {
    if (this.asDate) vi.useRealTimers();
    this.asDate = false;
  }
}

/** The real time, whatever Date is faked to. */
function realNow(): number {
  return performance.timeOrigin + performance.now();
}
