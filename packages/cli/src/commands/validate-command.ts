import { normalizedDocumentOf, ValidationError, RuntimeEnvError, validateRuntimeEnv } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import { configOptions, jsonOption, runtimeEnvOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';
import { loadCliConfig } from '../config/load-cli-config.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a runtime_env against the loaded plugins and print it normalized.',
  usage: 'validate [--runtime-env JSON | --runtime-env-file FILE] [--json]',
  details: `Prints the normalized document (every shorthand in its canonical form) on stdout
and exits 0. An invalid document prints every problem on stderr and exits 2; with
--json, {"ok": false, "errors": [{code, path, plugin, message}]} goes to stdout instead.

Example:
  rtenv validate --runtime-env '{"env_vars": {"GREETING": "hello"}}'`,
  options: { ...runtimeEnvOptions, ...jsonOption, ...configOptions },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    const asJson = values.json === true;
    try {
      const document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'validate' });
      const { plugins } = await loadCliConfig(values, io);
      const normalized = normalizedDocumentOf(validateRuntimeEnv(document, plugins));
      writeJson(io.stdout, asJson ? { ok: true, runtimeEnv: normalized } : normalized);
      return ExitCode.ok;
    } catch (error) {
      if (!asJson || !RuntimeEnvError.isInstance(error)) throw error;
      // Problems with the document itself come back as data, not as an error message.
      const errors = ValidationError.isInstance(error)
        ? error.issues.map((issue) => ({ code: issue.code, path: issue.path, plugin: issue.plugin ?? null, message: issue.message }))
        : [{ code: error.code, path: '', plugin: null, message: error.message }];
      writeJson(io.stdout, { ok: false, errors });
      return ExitCode.invalidInput;
    }
  },
});
