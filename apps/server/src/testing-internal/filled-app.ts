import { afterAll, beforeAll } from 'vitest';
import { createTestApp, fillStore, tempStoreDir } from '../testing/fixtures.js';
import { type JsonReply, requestJson } from './http.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A test app over a temp store filled with the fixture models, for one test file. */
export interface FilledTestApp {
  /** `app.request()` as it is (valid inside tests, after `beforeAll`). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** `app.request()` with the body parsed as JSON. */
  call(path: string, init?: RequestInit): Promise<JsonReply>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that build the app over a filled
 * temp store (bench routes on) and tear it down.
 */
export function useFilledTestApp(): FilledTestApp {
  let fixture: TestApp | undefined;
  let cleanup: (() => void) | undefined;
  beforeAll(async () => {
    const dir = tempStoreDir();
    cleanup = dir.cleanup;
    fixture = await createTestApp(dir.location, { benchRoutes: true });
    await fillStore(fixture.store);
  });
  afterAll(async () => {
    await fixture?.close();
    cleanup?.();
  });
  const current = (): TestApp => {
    if (fixture === undefined) throw new Error('the test app is built in beforeAll');
    return fixture;
  };
  return {
    request: async (path, init) => current().app.request(path, init),
    call: (path, init) => requestJson(current().app, path, init),
  };
}
