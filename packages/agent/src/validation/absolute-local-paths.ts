import type { JsonObject, RuntimeEnvManager } from '@runtime-env/core';

/**
 * The document with every local path absolute: relative ones resolved against the
 * folder the client named, or refused (a 400 naming the field) when it named none.
 * Never against the agent's own working directory, which means nothing to a client
 * (and is `/` for a service). Normalization is idempotent, so the engine accepts
 * the normalized document as the client's; it is the same object for the same
 * request, which the engine then finds without serializing it again.
 */
export function withAbsoluteLocalPaths(manager: RuntimeEnvManager, document: JsonObject, baseDirectory: string | undefined): JsonObject {
  return manager.normalizedDocument(document, { baseDirectory: baseDirectory ?? null }) as JsonObject;
}
