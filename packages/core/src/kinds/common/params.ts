import { CALIBRATION_LEVELS, type CalibrationTable } from '../../calibrate.js';
import { MyriadError } from '../../errors.js';
import type { JsonObject, ModelParams, ParamBlock, TrainingInfo } from '../../model.js';

type BlockType<T extends ParamBlock> = { new (length: number): T; readonly name: string };

/** The calibration table as header fields plus one float32 block (see {@link ParamsReader.calibration}). */
export function calibrationParams(table: CalibrationTable): {
  header: JsonObject;
  block: Float32Array;
} {
  return {
    header: { topLogP: table.topLogP, tailRate: table.tailRate },
    block: table.quantiles,
  };
}

/**
 * Reads a kind's stored parameters back, checking every field it takes.
 * Every failure is a `MyriadError` `INVALID_PARAMS` naming the kind and the field.
 */
export class ParamsReader {
  readonly #kind: string;
  readonly #params: ModelParams;

  /** @throws MyriadError `INVALID_PARAMS` for another kind, an unknown version or bad training info. */
  constructor(kind: string, version: number, params: ModelParams) {
    this.#kind = kind;
    this.#params = params;
    if (params.kind !== kind) this.fail(`parameters are for kind ${JSON.stringify(params.kind)}`);
    if (params.kindVersion !== version) {
      this.fail(`parameter version ${params.kindVersion} is not supported (expected ${version})`);
    }
    const info = params.info as Partial<TrainingInfo> | undefined;
    for (const key of [
      'stepSeconds',
      'fromSeconds',
      'toSeconds',
      'count',
      'mean',
      'std',
    ] as const) {
      if (typeof info?.[key] !== 'number' || !Number.isFinite(info[key])) {
        this.fail(`info.${key} must be a finite number`);
      }
    }
    if (!((info?.stepSeconds ?? 0) > 0)) this.fail('info.stepSeconds must be positive');
  }

  /** A finite number from the header, within [`min`, `max`]. */
  number(key: string, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): number {
    const value = this.#params.header[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.fail(`header.${key} must be a finite number in [${min}, ${max}], got ${String(value)}`);
    }
    return value;
  }

  /** A whole number from the header, within [`min`, `max`]. */
  integer(key: string, min: number, max: number): number {
    const value = this.number(key, min, max);
    if (!Number.isInteger(value)) this.fail(`header.${key} must be an integer, got ${value}`);
    return value;
  }

  /** A block of type `type`, with exactly `length` entries all finite (when a length is given). */
  block<T extends ParamBlock>(key: string, type: BlockType<T>, length?: number): T {
    const block = this.#params.blocks[key];
    if (!(block instanceof type)) this.fail(`block ${key} must be a ${type.name}`);
    if (length !== undefined && block.length !== length) {
      this.fail(`block ${key} has ${block.length} entries, expected ${length}`);
    }
    for (let i = 0; i < block.length; i++) {
      if (!Number.isFinite(block[i])) this.fail(`block ${key} entry ${i} is not finite`);
    }
    return block;
  }

  /** The calibration table written by {@link calibrationParams} under `header.calibration` and block `calibration`. */
  calibration(): CalibrationTable {
    const header = this.#params.header['calibration'];
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      this.fail('header.calibration must be an object');
    }
    const topLogP = header['topLogP'];
    const tailRate = header['tailRate'];
    if (typeof topLogP !== 'number' || !(topLogP <= 0) || !Number.isFinite(topLogP)) {
      this.fail('header.calibration.topLogP must be a finite number ≤ 0');
    }
    if (typeof tailRate !== 'number' || !(tailRate > 0) || !Number.isFinite(tailRate)) {
      this.fail('header.calibration.tailRate must be a positive finite number');
    }
    const quantiles = this.block('calibration', Float32Array, CALIBRATION_LEVELS);
    for (let i = 1; i < quantiles.length; i++) {
      if (!(quantiles[i]! >= quantiles[i - 1]!)) this.fail('block calibration must ascend');
    }
    if (!(quantiles[quantiles.length - 1]! > 0)) this.fail('block calibration must end above 0');
    return { quantiles, topLogP, tailRate };
  }

  /** Throws `INVALID_PARAMS` naming the kind. */
  fail(problem: string): never {
    throw new MyriadError('INVALID_PARAMS', `${this.#kind}: ${problem}`);
  }
}
