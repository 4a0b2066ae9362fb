import { describe, expect, it } from 'vitest';
import { FrequencySketch } from './frequency-sketch.js';

describe('FrequencySketch', () => {
  it('counts requests per key, saturating at 15', () => {
    const sketch = new FrequencySketch(1000);
    expect(sketch.frequency('a/b@1m')).toBe(0);
    for (let i = 1; i <= 20; i++) {
      sketch.increment('a/b@1m');
      expect(sketch.frequency('a/b@1m')).toBe(Math.min(i, 15));
    }
    expect(sketch.frequency('a/b@15m')).toBe(0);
  });

  it('keeps keys apart: few of 1,000 once-seen keys look seen twice', () => {
    const sketch = new FrequencySketch(1000);
    for (let i = 0; i < 1000; i++) sketch.increment(`region-${i % 10}/host-${i}/cpu@1m`);
    let once = 0;
    let never = 0;
    for (let i = 0; i < 1000; i++) {
      if (sketch.frequency(`region-${i % 10}/host-${i}/cpu@1m`) === 1) once++;
      if (sketch.frequency(`region-${i % 10}/host-${i}/mem@1m`) === 0) never++;
    }
    expect(once).toBeGreaterThan(980);
    expect(never).toBeGreaterThan(980);
  });

  it('halves every count after 10 × expected entries requests, so old popularity fades', () => {
    const sketch = new FrequencySketch(1000); // halves after 10,000 counted requests
    for (let i = 0; i < 8; i++) sketch.increment('old');
    for (let i = 0; i < 9990; i++) sketch.increment(`k${i % 1000}`);
    expect(sketch.frequency('old')).toBe(8);
    expect(sketch.frequency('k7')).toBe(10);
    for (let i = 0; i < 10; i++) sketch.increment(`k${i % 1000}`); // the 10,000th halves
    expect(sketch.frequency('old')).toBe(4);
    expect(sketch.frequency('k7')).toBe(5);
  });
});
