import { defineCommand } from '../arguments/command-definition.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import { UsageError } from '../errors/usage-error.js';
import { secretsOfDocument } from '../output/mask-secrets.js';
import { runCommandShape } from './run-command-shape.js';

export const runCommand = defineCommand({
  ...runCommandShape,
  async run({ values, positionals, io }) {
    if (positionals.length === 0) throw new UsageError('`rtenv run` needs a command to run, for example `rtenv run -- python3 -c "print(1)"`', 'run');
    const document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'run' });
    const secrets = secretsOfDocument(document);
    if (values.agent) {
      const { runWithAgent } = await import('../agent/run-with-agent.js');
      return runWithAgent(values.agent, document, positionals, {
        io,
        secrets,
        quiet: values.quiet === true,
        configValues: values,
        retry: values.retry === true,
      });
    }
    // The fast path was already tried (`runRtenv`, before this command loaded).
    const { runInLocalEnvironment } = await import('../local/run-in-local-environment.js');
    return runInLocalEnvironment(values, document, positionals, { io, secrets, quiet: values.quiet === true, retry: values.retry === true });
  },
});
