/**
 * Parses `timestamp,value` CSV text (NAB's format): a header line, then one
 * point per line. Timestamps are Unix seconds or date-times (`2014-04-01
 * 00:00:00`, ISO-8601; no zone means UTC). Values that are not numbers become
 * NaN (missing). Lines are sorted by timestamp if they are not already.
 * O(n log n) worst case; allocates the output arrays.
 * @throws Error naming the line of a timestamp that cannot be read.
 */
export function parseCsvPoints(text: string): { timestamps: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/);
  const ts: number[] = [];
  const vs: number[] = [];
  let sorted = true;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) throw new Error(`line ${i + 1}: expected timestamp,value`);
    const tText = line.slice(0, comma).trim().replace(/^"|"$/g, '');
    const vText = line
      .slice(comma + 1)
      .trim()
      .replace(/^"|"$/g, '');
    const t = parseTimestamp(tText);
    if (Number.isNaN(t)) {
      if (i === 0 || ts.length === 0) continue; // header
      throw new Error(`line ${i + 1}: cannot read timestamp ${JSON.stringify(tText)}`);
    }
    const v = vText === '' ? Number.NaN : Number(vText);
    if (ts.length > 0 && t < (ts[ts.length - 1] as number)) sorted = false;
    ts.push(t);
    vs.push(Number.isFinite(v) ? v : Number.NaN);
  }
  const order = ts.map((_, i) => i);
  if (!sorted) order.sort((a, b) => (ts[a] as number) - (ts[b] as number));
  const timestamps = new Float64Array(order.length);
  const values = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) {
    timestamps[i] = ts[order[i] as number] as number;
    values[i] = vs[order[i] as number] as number;
  }
  return { timestamps, values };
}

function parseTimestamp(text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NaN : ms / 1000;
}
