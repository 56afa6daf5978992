import type { CliIo } from '../cli-io.js';
import { LiveProgressDisplay } from './live-progress-display.js';
import { maskSecrets } from './mask-secrets.js';
import { PlainProgressDisplay } from './plain-progress-display.js';
import type { ProgressDisplay } from './progress-display-type.js';

export type { ProgressDisplay } from './progress-display-type.js';

const silentDisplay: ProgressDisplay = { update() {}, finish() {} };

/** Live on a terminal, plain lines otherwise, nothing with `--quiet`. */
export function createProgressDisplay(io: CliIo, options: { quiet: boolean; secrets: readonly string[] }): ProgressDisplay {
  if (options.quiet) return silentDisplay;
  const mask = (text: string) => maskSecrets(text, options.secrets);
  return io.stderrIsTerminal ? new LiveProgressDisplay(io.stderr, io.terminalColumns ?? 80, mask) : new PlainProgressDisplay(io.stderr, mask);
}
