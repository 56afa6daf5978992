import { failureHintOf, maskUrlCredentialsIn, PluginError, RuntimeEnvError, type JsonObject, type RuntimeEnvManager } from '@runtime-env/core';
import type { PrewarmResult } from '@runtime-env/client';

/**
 * `rtenv prewarm` without an agent: creates each document's environment in this
 * data directory and pins it, one at a time, as the agent's `POST /v1/prewarm`
 * does. The reference taken to create it is released at once (a prewarmed
 * environment belongs to no one), and is tied to this process meanwhile, so a
 * killed prewarm leaves no reference behind. A failure does not stop the others.
 */
export async function prewarmLocally(manager: RuntimeEnvManager, documents: readonly JsonObject[]): Promise<PrewarmResult[]> {
  const owner = `prewarm:${process.pid}`;
  const results: PrewarmResult[] = [];
  for (const [index, document] of documents.entries()) {
    try {
      const handle = await manager.getOrCreate(document, { owner, pid: process.pid });
      manager.pin(handle.id);
      manager.release(handle.id, owner);
      results.push({ index, id: handle.id, state: 'ready', cached: handle.cached });
    } catch (error) {
      // Anything but a project error is a bug: reported as one, not as a failed document.
      if (!RuntimeEnvError.isInstance(error)) throw error;
      results.push({ index, state: 'failed', error: failureOf(error) });
    }
  }
  return results;
}

/** The fields the agent reports for a failed document; a URL's credentials in the message are masked. */
function failureOf(error: RuntimeEnvError): NonNullable<PrewarmResult['error']> {
  // A plugin's failure has its hint on the error the plugin threw, inside the hook's wrapper.
  const hint = failureHintOf(error);
  return maskUrlCredentialsIn({
    code: error.code,
    message: error.message,
    ...(hint === undefined ? {} : { hint }),
    ...(PluginError.isInstance(error) ? { plugin: error.plugin, hook: error.hook, failureClass: error.failureClass } : {}),
  });
}
