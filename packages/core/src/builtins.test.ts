import { describe, expect, it } from 'vitest';
import { builtinKinds, createDefaultRegistry } from './builtins.js';
import { isMyriadError } from './errors.js';

describe('built-in kinds', () => {
  it('are seasonal, holt-winters and baseline, each in a fresh default registry', () => {
    expect(builtinKinds.map((k) => k.name)).toEqual(['seasonal', 'holt-winters', 'baseline']);
    const a = createDefaultRegistry();
    expect(a.names()).toEqual(['seasonal', 'holt-winters', 'baseline']);
    // A fresh registry per call: registering on one leaves the next untouched.
    a.register({ ...builtinKinds[0]!, name: 'mine' });
    expect(createDefaultRegistry().has('mine')).toBe(false);
  });

  it('refuses a second kind under a built-in name', () => {
    try {
      createDefaultRegistry().register(builtinKinds[1]!);
      expect.unreachable();
    } catch (err) {
      expect(isMyriadError(err, 'INVALID_OPTIONS')).toBe(true);
    }
  });
});
