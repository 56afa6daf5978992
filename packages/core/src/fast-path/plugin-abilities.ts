import type { LoadedPlugin, ResolvedEnvironment } from '../engine/manager-types.js';

// What the fast path asks of a plugin, in one place. In contract v2 these are data
// (what `hash` said) and package exports (`"./launch"`), never plugin fields.

/** The package's `"./launch"` module (`file:` URL), when the loader read its file (and so recorded it). */
export function recordedLaunchModuleOf(loaded: LoadedPlugin): string | undefined {
  return loaded.loadedFrom?.launchModule ? loaded.launchModule : undefined;
}

/** Whether the field's keys came from its spec alone, as its `hash` said when the engine resolved the document. */
export function keysFromSpecAlone(resolved: ResolvedEnvironment, field: string): boolean {
  return resolved.fieldsFromSpecAlone?.includes(field) === true;
}
