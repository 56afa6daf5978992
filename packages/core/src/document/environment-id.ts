import { createHash } from 'node:crypto';
import type { NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import { canonicalJson } from './canonical-json.js';

/** Hex characters kept from the SHA-256: 128 bits, short enough to read and type. */
const ENVIRONMENT_ID_LENGTH = 32;

/**
 * The environment's identity: the canonical normalized document (without `config`,
 * which tunes how an environment is made, not what it is) together with its URIs.
 * The URIs are content-addressed, so a document that names a file whose content
 * changed (a requirements file, a local directory) gets a new identity.
 */
export function environmentIdOf(runtimeEnv: NormalizedRuntimeEnv, uris: readonly string[]): string {
  return createHash('sha256')
    .update(canonicalJson({ runtimeEnv, uris: [...uris].sort() }))
    .digest('hex')
    .slice(0, ENVIRONMENT_ID_LENGTH);
}
