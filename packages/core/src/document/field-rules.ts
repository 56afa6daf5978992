import type { LoadedPlugin } from '../engine/manager-types.js';
import type { ValidationIssue } from '@runtime-env/plugin-api';
import type { NormalizedRuntimeEnv } from '@runtime-env/plugin-api';
import { CORE_FIELD } from './field-owners.js';

/**
 * Applies the plugins' declarative `rules`. The core holds no list of which fields
 * go together: each plugin says it, and a rule that both sides declare (pip and
 * conda each exclude the other) is reported once.
 */
export function checkFieldRules(runtimeEnv: NormalizedRuntimeEnv, plugins: readonly LoadedPlugin[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const reportedPairs = new Set<string>();
  const present = Object.keys(runtimeEnv);

  for (const { plugin } of plugins) {
    if (runtimeEnv[plugin.name] === undefined || !plugin.rules) continue;
    for (const other of plugin.rules.conflictsWith ?? []) {
      if (runtimeEnv[other] === undefined) continue;
      const pair = [plugin.name, other].sort().join('\u0000');
      if (reportedPairs.has(pair)) continue;
      reportedPairs.add(pair);
      issues.push({
        code: 'conflicting_fields',
        path: plugin.name,
        plugin: plugin.name,
        message: `"${plugin.name}" and "${other}" cannot be used together; keep one of them`,
      });
    }
    const allowed = plugin.rules.onlyAlongside;
    if (!allowed) continue;
    const ownCompanions = Object.keys(plugin.companionFields ?? {});
    const disallowed = present.filter((field) => field !== plugin.name && field !== CORE_FIELD && !allowed.includes(field) && !ownCompanions.includes(field));
    for (const field of disallowed) {
      const pair = [plugin.name, field].sort().join('\u0000');
      if (reportedPairs.has(pair)) continue;
      reportedPairs.add(pair);
      issues.push({
        code: 'field_not_allowed_with',
        path: field,
        plugin: plugin.name,
        message: `"${field}" cannot be used with "${plugin.name}", which allows only ${[...allowed, CORE_FIELD].map((name) => `"${name}"`).join(', ')} beside it`,
      });
    }
  }
  return issues;
}
