/**
 * Preset deflate dictionary 1 (compression method 2): JSON keys and block
 * names of the built-in kinds, so a ~1 KB body does not spend ~100 bytes
 * spelling them out (measured: seasonal 909 → 808 bytes, holt-winters
 * 702 → 554, baseline 419 → 311). Part of the artifact format: these bytes
 * must never change; a better dictionary gets a new method number.
 */
export const DICTIONARY_1: Uint8Array = new TextEncoder().encode(
  '{"bandWidth":3,"alpha":0.,"beta":0.,"gamma":0.,"damping":0.98,"scaleAlpha":0.02,' +
    '"clip":3,"knotSeconds":1800,"varianceCap":,"scaleFloor":0.0,"level":,"trend":-0.00,' +
    '"variance":,"anchorSeconds":17,"lastSeconds":17,"center":,"slotSeconds":1800,' +
    '"weekBlockSeconds":10800,"calibration":{"topLogP":-,"tailRate":}}' +
    'locationscaleweeklycalibrationseason',
);
