import { numberOption } from '../common/options.js';

/** Settings of the clipped level/variance recursion that Holt-Winters and the baseline share. */
export interface RecursionSettings {
  readonly scaleAlpha: number;
  readonly clip: number;
  readonly maxFitPoints: number;
  readonly bandWidth: number;
}

/**
 * Reads the shared recursion settings from a kind's options, each within its
 * range, falling back to the kind's defaults.
 * @throws MyriadError `INVALID_OPTIONS` naming the kind, the setting and the range.
 */
export function readRecursionSettings(
  kind: string,
  options: object,
  defaults: RecursionSettings,
): RecursionSettings {
  return {
    scaleAlpha: numberOption(kind, options, 'scaleAlpha', defaults.scaleAlpha, 1e-4, 0.5),
    clip: numberOption(kind, options, 'clip', defaults.clip, 1, 100),
    maxFitPoints: Math.floor(
      numberOption(kind, options, 'maxFitPoints', defaults.maxFitPoints, 16, 1e7),
    ),
    bandWidth: numberOption(kind, options, 'bandWidth', defaults.bandWidth, 0, 100),
  };
}
