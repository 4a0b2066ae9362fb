import { NabError } from '../errors.js';

/** One NAB cost profile: positive magnitudes; the scorer applies the signs. */
export interface CostProfile {
  /** `standard`, `reward_low_FP_rate` or `reward_low_FN_rate`. */
  readonly name: ProfileName;
  /** Reward for detecting a window on its first row (A_TP). */
  readonly tpWeight: number;
  /** Full penalty of one false-positive row (A_FP). */
  readonly fpWeight: number;
  /** Penalty of one missed window (A_FN). */
  readonly fnWeight: number;
}

/** The three NAB profile names, in NAB's order. */
export const PROFILE_NAMES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;

/** A NAB profile name. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The three NAB v1.x cost profiles (`config/profiles.json`), built in. */
export const NAB_PROFILES: readonly CostProfile[] = [
  { name: 'standard', tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  { name: 'reward_low_FP_rate', tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  { name: 'reward_low_FN_rate', tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
];

/**
 * Parses the text of NAB's `config/profiles.json` (`{name: {CostMatrix: {tpWeight, fpWeight, fnWeight, tnWeight}}}`).
 * @throws NabError `INVALID_NAB_DATA` naming the profile or weight that is missing or not a positive number.
 */
export function parseProfiles(text: string): CostProfile[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new NabError('INVALID_NAB_DATA', 'profiles.json is not valid JSON', { cause: err });
  }
  if (typeof json !== 'object' || json === null) {
    throw new NabError('INVALID_NAB_DATA', 'profiles.json must be an object of profiles');
  }
  const profiles: CostProfile[] = [];
  for (const name of PROFILE_NAMES) {
    const entry = (json as Record<string, unknown>)[name] as { CostMatrix?: unknown } | undefined;
    const matrix = entry?.CostMatrix as Record<string, unknown> | undefined;
    if (matrix === undefined || typeof matrix !== 'object' || matrix === null) {
      throw new NabError('INVALID_NAB_DATA', `profiles.json has no CostMatrix for profile ${name}`);
    }
    const weight = (key: string): number => {
      const v = matrix[key];
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
        throw new NabError(
          'INVALID_NAB_DATA',
          `profiles.json ${name}.CostMatrix.${key} must be a positive number, got ${JSON.stringify(v)}`,
        );
      }
      return v;
    };
    profiles.push({
      name,
      tpWeight: weight('tpWeight'),
      fpWeight: weight('fpWeight'),
      fnWeight: weight('fnWeight'),
    });
  }
  return profiles;
}
