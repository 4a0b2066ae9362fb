// Public testing helpers of @myriad/store: the backend contract suite (vitest).

export { sampleParams } from './sample-params.js';
export { describeStoreContract, type StoreContractHarness } from './store-contract.js';
