// Single-line terminal progress bar; silent unless the stream is a TTY, so piped output and CI logs stay clean.

/** The part of a writable stream the bar needs (process.stderr satisfies it). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface Progress {
  /** Records `n` more finished items (default 1); redraws at most ~10 times per second. */
  tick(n?: number): void;
  /** Draws the final state and ends the line. Further calls do nothing. */
  done(): void;
}

export interface ProgressOptions {
  /** Unit shown in the rate, e.g. `img` → `123 img/s`. */
  unit?: string;
  /** Millisecond clock, injectable for tests. */
  now?: () => number;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export function createProgress(
  total: number,
  label: string,
  stream: ProgressStream = process.stderr,
  options: ProgressOptions = {},
): Progress {
  const noop = (): void => {};
  if (stream.isTTY !== true) return { tick: noop, done: noop };

  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? 'img';
  const start = now();
  let count = 0;
  let lastDraw = -Infinity;
  let finished = false;

  const draw = (t: number): void => {
    lastDraw = t;
    const elapsed = (t - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const parts = [label];
    if (total > 0) {
      const frac = Math.min(1, count / total);
      const filled = Math.round(frac * BAR_WIDTH);
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`, `${count}/${total}`,
        `${(frac * 100).toFixed(1)}%`);
    } else {
      parts.push(String(count));
    }
    parts.push(`${formatRate(rate)} ${unit}/s`);
    if (total > 0 && !finished) {
      parts.push(`ETA ${rate > 0 ? formatDuration(Math.max(0, total - count) / rate) : '--:--'}`);
    } else {
      parts.push(`in ${formatDuration(elapsed)}`);
    }
    let line = parts.join(' ');
    // A line that wraps breaks the carriage-return redraw, so clip it to the terminal width.
    const cols = stream.columns;
    if (cols !== undefined && cols > 1 && line.length > cols - 1) line = line.slice(0, cols - 1);
    stream.write(`\r${line}\x1b[K`);
  };

  return {
    tick(n = 1): void {
      if (finished) return;
      count += n;
      const t = now();
      if (t - lastDraw >= REDRAW_MS) draw(t);
    },
    done(): void {
      if (finished) return;
      finished = true;
      draw(now());
      stream.write('\n');
    },
  };
}

function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}

/** `m:ss` or `h:mm:ss`. */
function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
