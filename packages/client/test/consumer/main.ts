// A consumer outside the monorepo: imports the packed @myriad/client (which
// must type-check with nothing but hono installed), and checks what it can
// without a server: typed request bodies, URL validation, a network failure.
import {
  createMyriadClient,
  isMyriadApiError,
  type MyriadClient,
  type PredictRequest,
  type SeriesScoreResponse,
} from '@myriad/client';

const request: PredictRequest = {
  model_id: 'us-east-1/host-00042/page_load_ms@1m',
  datapoints: [
    { timestamp: 1_700_000_000, value: 412.5 },
    { timestamp: '2023-11-14T22:14:20Z', value: null },
  ],
};
const client: MyriadClient = createMyriadClient('http://127.0.0.1:1', { apiKey: 'k'.repeat(20) });

// Typed responses: this only compiles if the published types resolve.
const firstAlert = (r: SeriesScoreResponse): boolean => r.alerts[0] === true;
void firstAlert;

let badUrl = false;
try {
  createMyriadClient('ftp://example.com');
} catch (err) {
  badUrl = err instanceof TypeError;
}
let network = '';
try {
  await client.predict(request.model_id, request.datapoints);
} catch (err) {
  network = isMyriadApiError(err) ? `${err.status}:${err.code}` : 'other';
}
// The raw hc client is typed too.
const url = client.rpc.v1.models[':modelId'].predict.$url({
  param: { modelId: 'a%2Fb%401m' },
  query: {},
}).pathname;
process.stdout.write(`${JSON.stringify({ badUrl, network, url })}\n`);
