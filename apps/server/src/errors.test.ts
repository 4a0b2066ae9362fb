import { MyriadError } from '@myriad/core';
import { StoreError } from '@myriad/store';
import { describe, expect, it } from 'vitest';
import { ApiError, describeError, statusForCode } from './errors.js';

describe('error mapping', () => {
  it('maps codes of every package to one status', () => {
    expect(statusForCode('INVALID_REQUEST')).toBe(400);
    expect(statusForCode('MODEL_NOT_FOUND')).toBe(404);
    expect(statusForCode('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(statusForCode('UNSUPPORTED_MEDIA_TYPE')).toBe(415);
    expect(statusForCode('UNUSABLE_INPUT')).toBe(422);
    expect(statusForCode('STORE_UNAVAILABLE')).toBe(503);
    expect(statusForCode('SOMETHING_NEW')).toBe(500);
  });

  it('keeps known codes and messages, hides everything else', () => {
    expect(describeError(new StoreError('STORE_UNAVAILABLE', 'redis is down'))).toMatchObject({
      status: 503,
      body: { error: { code: 'STORE_UNAVAILABLE', message: 'redis is down' } },
    });
    expect(describeError(new MyriadError('INSUFFICIENT_DATA', 'too short')).status).toBe(422);
    expect(describeError(new ApiError('FORBIDDEN', 'no')).status).toBe(403);
    const hidden = describeError(new TypeError('secret internals at /srv/x.js'));
    expect(hidden).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'internal error' } },
      internal: true,
    });
    const unknownCode = Object.assign(new Error('db password is hunter2'), { code: 'EWHATEVER' });
    expect(describeError(unknownCode).body.error).toEqual({
      code: 'INTERNAL',
      message: 'internal error',
    });
  });
});
