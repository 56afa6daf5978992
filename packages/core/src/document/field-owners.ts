import type { LoadedPlugin } from '../engine/manager-types.js';
import type { ZodType } from 'zod';

export interface FieldOwner {
  loaded: LoadedPlugin;
  schema: ZodType;
  /** True for a companion field (`excludes`), false for the plugin's own field. */
  companion: boolean;
}

/** The field the core owns; every other top-level field belongs to a plugin. */
export const CORE_FIELD = 'config';

const ownersByPluginList = new WeakMap<readonly LoadedPlugin[], Map<string, FieldOwner>>();

/** Which plugin owns each top-level field, computed once per plugin list. */
export function fieldOwnersOf(plugins: readonly LoadedPlugin[]): Map<string, FieldOwner> {
  let owners = ownersByPluginList.get(plugins);
  if (owners) return owners;
  owners = new Map();
  for (const loaded of plugins) {
    owners.set(loaded.plugin.name, { loaded, schema: loaded.plugin.schema, companion: false });
    for (const [field, schema] of Object.entries(loaded.plugin.companionFields ?? {})) {
      owners.set(field, { loaded, schema, companion: true });
    }
  }
  ownersByPluginList.set(plugins, owners);
  return owners;
}
