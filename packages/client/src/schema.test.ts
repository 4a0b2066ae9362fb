import type { AppType } from '@myriad/server';
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { StatusCode } from 'hono/utils/http-status';
import { describe, expect, it } from 'vitest';
import type { MyriadApp } from './schema.js';

// Type-level drift check: the client's hand-declared schema must accept and
// return exactly what the server's routes (its exported AppType) do. `tsc
// --noEmit` fails on any mismatch; the runtime assertion only marks the test.
type Server = ReturnType<typeof hc<AppType>>;
type Client = ReturnType<typeof hc<MyriadApp>>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// biome-ignore lint/suspicious/noExplicitAny: any endpoint function
type Req<F> = F extends (...args: any[]) => any ? InferRequestType<F> : never;
// biome-ignore lint/suspicious/noExplicitAny: any endpoint function
type Res<F, S extends StatusCode> = F extends (...args: any[]) => any
  ? InferResponseType<F, S>
  : never;

type Checks = [
  Same<Req<Server['predict']['$post']>, Req<Client['predict']['$post']>>,
  Same<Res<Server['predict']['$post'], 200>, Res<Client['predict']['$post'], 200>>,
  Same<Res<Server['predict']['$post'], 404>, Res<Client['predict']['$post'], 404>>,
  Same<
    Req<Server['v1']['models'][':modelId']['predict']['$post']>,
    Req<Client['v1']['models'][':modelId']['predict']['$post']>
  >,
  Same<
    Res<Server['v1']['models'][':modelId']['predict']['$post'], 200>,
    Res<Client['v1']['models'][':modelId']['predict']['$post'], 200>
  >,
  Same<
    Req<Server['v1']['predict']['batch']['$post']>,
    Req<Client['v1']['predict']['batch']['$post']>
  >,
  Same<
    Res<Server['v1']['predict']['batch']['$post'], 200>,
    Res<Client['v1']['predict']['batch']['$post'], 200>
  >,
  Same<
    Req<Server['v1']['series'][':seriesId']['score']['$post']>,
    Req<Client['v1']['series'][':seriesId']['score']['$post']>
  >,
  Same<
    Res<Server['v1']['series'][':seriesId']['score']['$post'], 200>,
    Res<Client['v1']['series'][':seriesId']['score']['$post'], 200>
  >,
  Same<
    Res<Server['v1']['models'][':modelId']['$get'], 200>,
    Res<Client['v1']['models'][':modelId']['$get'], 200>
  >,
  Same<Req<Server['v1']['runs']['$post']>, Req<Client['v1']['runs']['$post']>>,
  Same<Res<Server['v1']['runs']['$post'], 202>, Res<Client['v1']['runs']['$post'], 202>>,
  Same<
    Res<Server['v1']['runs'][':id']['$get'], 200>,
    Res<Client['v1']['runs'][':id']['$get'], 200>
  >,
  Same<Res<Server['healthz']['$get'], 200>, Res<Client['healthz']['$get'], 200>>,
  Same<Res<Server['readyz']['$get'], 503>, Res<Client['readyz']['$get'], 503>>,
];
const checks: Checks = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];

describe('client schema', () => {
  it('matches the server route types (checked by tsc)', () => {
    expect(checks.every(Boolean)).toBe(true);
  });
});
