import path from 'node:path';
import type { DiskResponse, PluginDisk } from '@runtime-env/dashboard';
import { sendJson } from '../http/respond.js';
import type { RouteHandler } from './agent-context.js';

/**
 * `GET /v1/disk`: what the URIs take per plugin against the budgets, and what each
 * plugin's shared store takes (pip's distributions, conda's package cache,
 * working_dir's packages: whatever the plugin keeps there; it is not collected).
 */
export const diskRoute: RouteHandler = async (scope, agent) => {
  const { manager, budgets } = agent;
  const byPlugin = new Map<string, PluginDisk>(manager.plugins.map(({ plugin }) => [plugin.name, { plugin: plugin.name, usedBytes: 0, uris: 0 }]));
  for (const uri of manager.listUris()) {
    if (uri.state !== 'ready') continue;
    const entry = byPlugin.get(uri.plugin) ?? { plugin: uri.plugin, usedBytes: 0, uris: 0 };
    entry.usedBytes += uri.sizeBytes;
    entry.uris += 1;
    byPlugin.set(uri.plugin, entry);
  }
  for (const [plugin, bytes] of Object.entries(budgets.perPluginBytes ?? {})) {
    const entry = byPlugin.get(plugin) ?? { plugin, usedBytes: 0, uris: 0 };
    entry.budgetBytes = bytes;
    byPlugin.set(plugin, entry);
  }
  const plugins = [...byPlugin.values()];
  const sharedStores = await Promise.all(
    manager.plugins.map(async ({ plugin }) => {
      // The core's layout: `<dataDir>/plugins/<name>/shared` is what a plugin gets as `ctx.pluginDirectory`.
      const directory = path.join(manager.dataDirectory, 'plugins', plugin.name, 'shared');
      return { plugin: plugin.name, path: directory, bytes: await agent.directorySizes.of(directory) };
    }),
  );
  const body: DiskResponse = { usedBytes: plugins.reduce((sum, entry) => sum + entry.usedBytes, 0), plugins, sharedStores };
  if (budgets.totalBytes !== undefined) body.budgetBytes = budgets.totalBytes;
  sendJson(scope.response, 200, body, scope.requestId);
};
