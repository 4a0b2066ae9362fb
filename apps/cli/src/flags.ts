/**
 * Parses a command-line integer of at least `min` (default 1).
 * @throws Error naming the flag and what it got (the CLI prints it and exits 1).
 */
export function parseInteger(text: string, flag: string, min = 1): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) {
    const what =
      min === 1
        ? 'a positive integer'
        : min === 0
          ? 'a non-negative integer'
          : `an integer ≥ ${min}`;
    throw new Error(`${flag} must be ${what}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** A commander argument parser for {@link parseInteger}. */
export function integerFlag(flag: string, min = 1): (text: string) => number {
  return (text) => parseInteger(text, flag, min);
}
