import { isAbsolute } from 'node:path';
import type { CondaSpec } from './conda-spec-schema.js';
import type { EnvironmentDefinition } from './environment-definition.js';

/** What a normalized `conda` value asks for. */
export type CondaRequest =
  | { kind: 'named'; name: string }
  | { kind: 'prefix'; path: string }
  | { kind: 'environment'; definition: EnvironmentDefinition; matchSpecs: string[]; pip: string[] };

export function interpretCondaSpec(spec: CondaSpec): CondaRequest {
  if (typeof spec === 'string') return isAbsolute(spec) ? { kind: 'prefix', path: spec } : { kind: 'named', name: spec };
  const matchSpecs = spec.dependencies.filter((entry): entry is string => typeof entry === 'string');
  const pip = spec.dependencies.flatMap((entry) => (typeof entry === 'string' ? [] : entry.pip));
  return { kind: 'environment', definition: spec, matchSpecs, pip };
}
