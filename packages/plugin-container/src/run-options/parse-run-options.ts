import { findRunOption, supportedRunOptionsText } from './run-option-definitions.js';

export interface ParsedRunOption {
  /** Canonical long name, e.g. `volume`. */
  name: string;
  /** The value; `true` for a flag that is set. */
  value: string;
}

export interface RunOptionProblem {
  /** Index in `run_options` of the word the problem is about. */
  index: number;
  message: string;
}

/**
 * Reads docker-CLI-style words (`-v /a:/b`, `--cpus=2`, `-eNAME=1`) into options.
 * Problems are collected, not thrown, so every bad word is reported at once.
 */
export function parseRunOptions(words: readonly string[]): { options: ParsedRunOption[]; problems: RunOptionProblem[] } {
  const options: ParsedRunOption[] = [];
  const problems: RunOptionProblem[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const flag = splitFlag(word);
    if (!flag) {
      problems.push({ index, message: `expected an option starting with "-", got ${JSON.stringify(word)}; supported options: ${supportedRunOptionsText}` });
      continue;
    }
    const definition = findRunOption(flag.name);
    if (!definition) {
      problems.push({ index, message: `the option "${flag.dashes}${flag.name}" is not supported; supported options: ${supportedRunOptionsText}` });
      // Its value, most likely: one problem per unsupported option is enough.
      if (flag.inlineValue === undefined && words[index + 1] !== undefined && !words[index + 1]!.startsWith('-')) index += 1;
      continue;
    }
    let value = flag.inlineValue;
    if (definition.takesValue && value === undefined) {
      value = words[index + 1];
      if (value === undefined) {
        problems.push({ index, message: `"--${definition.name}" needs a value` });
        continue;
      }
      index += 1;
    }
    const problem = definition.check(value ?? 'true');
    if (problem) {
      problems.push({ index, message: `"--${definition.name}" ${problem}` });
      continue;
    }
    if (!definition.takesValue && value === 'false') continue;
    options.push({ name: definition.name, value: value ?? 'true' });
  }
  return { options, problems };
}

/** `--cpus=2` for values, `--privileged` for set flags: one word each, the form `run_options` normalizes to. */
export function formatRunOption(option: ParsedRunOption): string {
  const definition = findRunOption(option.name);
  return definition?.takesValue === false ? `--${option.name}` : `--${option.name}=${option.value}`;
}

function splitFlag(word: string): { dashes: string; name: string; inlineValue?: string } | undefined {
  if (word.startsWith('--') && word.length > 2) {
    const equals = word.indexOf('=');
    return equals === -1 ? { dashes: '--', name: word.slice(2) } : { dashes: '--', name: word.slice(2, equals), inlineValue: word.slice(equals + 1) };
  }
  if (word.startsWith('-') && word.length > 1 && word[1] !== '-') {
    const name = word[1] ?? '';
    const rest = word.slice(2);
    // Docker accepts both `-e=NAME=1` and `-eNAME=1`.
    return rest === '' ? { dashes: '-', name } : { dashes: '-', name, inlineValue: rest.startsWith('=') ? rest.slice(1) : rest };
  }
  return undefined;
}
