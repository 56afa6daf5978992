import { mergeRuntimeEnvs } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { requireOption } from '../arguments/require-option.js';
import { parseJsonArgument } from '../arguments/read-runtime-env-argument.js';
import { configOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';
import { loadCliConfig } from '../config/load-cli-config.js';

export const mergeCommand = defineCommand({
  name: 'merge',
  summary: "Print a task's runtime_env merged over its job's, by Ray's rules.",
  usage: 'merge --parent JSON --child JSON',
  details: `Fields in the child replace the parent's wholesale, except env_vars, which merge
per name with the child winning (a plugin may define its own merge); fields absent
in the child are inherited; config is the child's own, never inherited. A null or
empty child gives the parent as it is (config included), as Ray's merge does.

Example:
  rtenv merge --parent '{"env_vars": {"A": "1", "B": "1"}}' --child '{"env_vars": {"B": "2"}}'`,
  options: {
    parent: { type: 'string', valueName: 'JSON', description: "the parent's (job's) runtime_env" },
    child: { type: 'string', valueName: 'JSON', description: "the child's (task's) runtime_env" },
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    const parent = parseJsonArgument(requireOption(values.parent, '--parent', 'merge'), '--parent');
    const child = parseJsonArgument(requireOption(values.child, '--child', 'merge'), '--child');
    const { plugins } = await loadCliConfig(values, io);
    writeJson(io.stdout, mergeRuntimeEnvs(parent, child, plugins));
    return ExitCode.ok;
  },
});
