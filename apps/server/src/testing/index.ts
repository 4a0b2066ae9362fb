// Test helpers of @myriad/server (`@myriad/server/testing`): a real store filled
// with models fitted by core's kinds on the trainer's synthetic data.
export {
  createTestApp,
  datapoints,
  fillStore,
  kinds,
  post,
  quietLogger,
  SERIES,
  seedStore,
  TRAINED_TO,
  tempStoreDir,
} from './fixtures.js';
