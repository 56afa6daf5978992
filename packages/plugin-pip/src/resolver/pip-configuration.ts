import type { InterpreterFacts } from '../python-packaging/interpreter-facts.js';

/** The settings of a `pip install` that decide which files it finds: the in-process resolver follows exactly these. */
export interface FinderSettings {
  indexUrls: string[];
  findLinks: string[];
  constraintFiles: string[];
}

/** Settings that change nothing pip resolves (network and output only). */
const harmless = new Set([
  'cert',
  'client-cert',
  'default-timeout',
  'timeout',
  'retries',
  'disable-pip-version-check',
  'no-input',
  'progress-bar',
  'cache-dir',
  'no-cache-dir',
  'no-color',
  'quiet',
  'verbose',
  'root-user-action',
  'trusted-host',
]);
const appended = new Set(['extra-index-url', 'find-links', 'constraint']);

export class UnsupportedSetting extends Error {}

/**
 * pip's own reading of its settings for `pip install`: the configuration files'
 * `global` then `install` sections, then `PIP_*` variables (each later one
 * replacing an earlier one; lists split on blanks), then the command line, whose
 * list options add to those defaults. Anything that changes the resolution and
 * is not an index, a find-links place or a constraints file throws
 * `UnsupportedSetting`: pip resolves then.
 */
export function finderSettings(
  facts: InterpreterFacts,
  environment: Readonly<Record<string, string | undefined>>,
  installOptions: readonly string[],
): FinderSettings {
  const configFile = environment.PIP_CONFIG_FILE;
  if (configFile !== undefined && configFile !== '/dev/null') throw new UnsupportedSetting(`PIP_CONFIG_FILE=${configFile}`);
  if (environment.PIP_ISOLATED !== undefined) throw new UnsupportedSetting('PIP_ISOLATED');
  const files = configFile === '/dev/null' ? [] : facts.pipConfiguration;
  const ordered: [string, string][] = [];
  for (const section of ['global', 'install']) {
    for (const [key, value] of files) if (key.startsWith(`${section}.`) && value) ordered.push([key.slice(section.length + 1), value]);
  }
  for (const [name, value] of Object.entries(environment)) {
    if (!name.startsWith('PIP_') || name === 'PIP_CONFIG_FILE' || !value) continue;
    ordered.push([name.slice(4).toLowerCase().replace(/_/g, '-'), value]);
  }
  const defaults: Record<string, string[]> = { 'index-url': ['https://pypi.org/simple'], 'extra-index-url': [], 'find-links': [], constraint: [] };
  for (const [rawKey, value] of ordered) {
    const key = rawKey.replace(/^--/, '');
    if (harmless.has(key)) continue;
    if (key === 'index-url') defaults['index-url'] = [value];
    else if (appended.has(key)) defaults[key] = value.split(/\s+/).filter((item) => item !== '');
    else throw new UnsupportedSetting(`pip setting "${key}"`);
  }
  const options = [...installOptions];
  while (options.length > 0) {
    const option = options.shift() as string;
    const [flag, inline] =
      option.startsWith('--') && option.includes('=') ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)] : [option, undefined];
    const key = {
      '-i': 'index-url',
      '--index-url': 'index-url',
      '--extra-index-url': 'extra-index-url',
      '-f': 'find-links',
      '--find-links': 'find-links',
      '-c': 'constraint',
      '--constraint': 'constraint',
    }[flag];
    if (key) {
      const value = inline ?? options.shift();
      if (value === undefined) throw new UnsupportedSetting(`${flag} without a value`);
      if (key === 'index-url') defaults['index-url'] = [value];
      else defaults[key]!.push(value);
    } else if (['--no-cache-dir', '-q', '--quiet', '--disable-pip-version-check', '--no-input', '--no-color'].includes(flag)) {
    } else throw new UnsupportedSetting(`install option "${option}"`);
  }
  return { indexUrls: [...defaults['index-url']!, ...defaults['extra-index-url']!], findLinks: defaults['find-links']!, constraintFiles: defaults.constraint! };
}
