import { defineCommand } from '../arguments/command-definition.js';
import { bashCompletionScript } from '../completion/bash-completion.js';
import { loadCompletionModel, type CompletionModel } from '../completion/completion-model.js';
import { fishCompletionScript } from '../completion/fish-completion.js';
import { zshCompletionScript } from '../completion/zsh-completion.js';
import { UsageError } from '../errors/usage-error.js';
import { ExitCode } from '../exit-codes.js';
import { commandTable } from './index.js';

const scriptsByShell: Readonly<Record<string, (model: CompletionModel) => string>> = {
  bash: bashCompletionScript,
  zsh: zshCompletionScript,
  fish: fishCompletionScript,
};

export const completionCommand = defineCommand({
  name: 'completion',
  summary: 'Print a shell completion script for rtenv (bash, zsh or fish).',
  usage: 'completion bash|zsh|fish',
  details: `The script completes rtenv's commands, each command's options, and the values
that are files or folders; it is generated from the commands themselves, so it
matches this version of rtenv.

Load it for the current shell, or save it where the shell looks:
  bash:  source <(rtenv completion bash)
         rtenv completion bash > ~/.local/share/bash-completion/completions/rtenv
  zsh:   source <(rtenv completion zsh)          (after compinit)
         rtenv completion zsh > "\${fpath[1]}/_rtenv"
  fish:  rtenv completion fish | source
         rtenv completion fish > ~/.config/fish/completions/rtenv.fish`,
  options: {},
  positionals: { minimum: 1, maximum: 1, names: 'SHELL (bash, zsh or fish)', choices: Object.keys(scriptsByShell) },
  async run({ positionals, io }) {
    const shell = positionals[0]!;
    const script = Object.hasOwn(scriptsByShell, shell) ? scriptsByShell[shell] : undefined;
    if (!script) throw new UsageError(`\`rtenv completion\` knows bash, zsh and fish, not "${shell}"`, 'completion');
    io.stdout.write(script(await loadCompletionModel(commandTable)));
    return ExitCode.ok;
  },
});
