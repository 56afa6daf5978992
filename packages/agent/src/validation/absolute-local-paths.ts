import { normalizedDocumentOf, type JsonObject, type RuntimeEnvManager } from '@runtime-env/core';

/**
 * The document with every local path absolute: relative ones resolved against the
 * folder the client named, or refused (a 400 naming the field) when it named none.
 * Never against the agent's own working directory, which means nothing to a client
 * (and is `/` for a service). Normalization is idempotent, so the engine accepts
 * the normalized document as the client's.
 */
export function withAbsoluteLocalPaths(manager: RuntimeEnvManager, document: JsonObject, baseDirectory: string | undefined): JsonObject {
  return normalizedDocumentOf(manager.validate(document, { baseDirectory: baseDirectory ?? null })) as unknown as JsonObject;
}
