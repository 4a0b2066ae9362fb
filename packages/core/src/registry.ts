import { MyriadError } from './errors.js';
import type { Model, ModelKind, ModelParams } from './model.js';

const KIND_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Model kinds by name. The server and store find a model's kind by the name
 * written in its artifact, so other teams add kinds by registering them here.
 */
export class KindRegistry {
  readonly #kinds = new Map<string, ModelKind>();

  /**
   * Adds a kind.
   * @throws MyriadError `INVALID_OPTIONS` for a bad name or a name already taken.
   */
  register(kind: ModelKind): this {
    if (!KIND_NAME.test(kind.name)) {
      throw new MyriadError(
        'INVALID_OPTIONS',
        `model kind name ${JSON.stringify(kind.name)} must match [a-z][a-z0-9-]{0,63}`,
      );
    }
    if (this.#kinds.has(kind.name)) {
      throw new MyriadError(
        'INVALID_OPTIONS',
        `model kind ${JSON.stringify(kind.name)} is already registered`,
      );
    }
    this.#kinds.set(kind.name, kind);
    return this;
  }

  /**
   * The kind registered under `name`.
   * @throws MyriadError `UNKNOWN_KIND` listing the known kinds.
   */
  get(name: string): ModelKind {
    const kind = this.#kinds.get(name);
    if (kind === undefined) {
      throw new MyriadError(
        'UNKNOWN_KIND',
        `unknown model kind ${JSON.stringify(name)}; registered: ${[...this.#kinds.keys()].join(', ') || 'none'}`,
      );
    }
    return kind;
  }

  /** True when a kind of that name is registered. */
  has(name: string): boolean {
    return this.#kinds.has(name);
  }

  /** Registered kind names, in registration order. */
  names(): string[] {
    return [...this.#kinds.keys()];
  }

  /**
   * Rebuilds a model from stored parameters with the kind they name.
   * @throws MyriadError `UNKNOWN_KIND` or `INVALID_PARAMS`.
   */
  restore(params: ModelParams): Model {
    return this.get(params.kind).restore(params);
  }
}

/** A registry holding the given kinds. */
export function createRegistry(kinds: readonly ModelKind[] = []): KindRegistry {
  const registry = new KindRegistry();
  for (const kind of kinds) registry.register(kind);
  return registry;
}
