import { SingleBar } from 'cli-progress';
import { env } from './env.js';

/** How a long-running command reports: progress on a terminal, a JSON summary last with `--json`. */
export interface OutputOptions {
  /** Print the machine-readable summary as the last line of stdout. */
  json?: boolean;
}

/** True when progress bars may be drawn: stderr is a terminal and not CI. */
export function isInteractive(): boolean {
  return process.stderr.isTTY === true && env.CI === undefined;
}

/** A progress reporter; a no-op when not interactive. */
export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr (so stdout stays clean for `--json`), with rate and ETA.
 * On a non-terminal it prints nothing.
 */
export function createProgress(label: string, total: number): Progress {
  if (!isInteractive()) {
    return { update() {}, setTotal() {}, stop() {} };
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  const started = Date.now();
  bar.start(total, 0, { rate: '0' });
  return {
    update(done, payload) {
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, {
        rate: seconds > 0 ? Math.round(done / seconds).toString() : '0',
        ...payload,
      });
    },
    setTotal(newTotal) {
      bar.setTotal(newTotal);
    },
    stop() {
      bar.stop();
    },
  };
}

/** Writes a human line to stderr (keeps stdout for tables and JSON). */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Prints rows as an aligned text table on stdout. */
export function printTable(rows: ReadonlyArray<Record<string, string | number>>): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r[i] as string).length)),
  );
  const line = (values: string[]) =>
    values.map((v, i) => v.padStart(widths[i] as number)).join('  ');
  process.stdout.write(`${line(columns)}\n`);
  for (const r of cells) process.stdout.write(`${line(r)}\n`);
}

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toString();
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
}

/** Prints the JSON summary as the last line of stdout. */
export function printJson(summary: unknown): void {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
