/** The `WHEEL` file: `Key: value` lines. Only `Wheel-Version` decides whether this installer may proceed. */
export function parseWheelFile(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const separator = line.indexOf(':');
    if (separator <= 0) continue;
    const key = line.slice(0, separator).trim().toLowerCase();
    fields.set(key, [...(fields.get(key) ?? []), line.slice(separator + 1).trim()]);
  }
  return fields;
}

/**
 * Whether this installer understands the wheel: major version 1 (the spec says an
 * installer must refuse a greater major version; a greater minor one only warns).
 */
export function supportedWheelVersion(fields: ReadonlyMap<string, string[]>): boolean {
  const version = fields.get('wheel-version')?.[0];
  return version !== undefined && /^1(\.\d+)?$/.test(version);
}

/** One `name = module:attribute [extras]` line of `entry_points.txt`. */
export interface ScriptEntryPoint {
  name: string;
  module: string;
  /** `main` or `cli.main`; empty when the entry names only a module. */
  attribute: string;
  kind: 'console' | 'gui';
}

/**
 * The console and gui scripts of `entry_points.txt` (an INI file; the entry point
 * specification). Other groups are plugins for other programs, not scripts.
 */
export function scriptEntryPoints(text: string): ScriptEntryPoint[] {
  const scripts: ScriptEntryPoint[] = [];
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.length === 0 || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = (header[1] as string).trim();
      continue;
    }
    if (section !== 'console_scripts' && section !== 'gui_scripts') continue;
    const separator = line.indexOf('=');
    if (separator <= 0) continue;
    const name = line.slice(0, separator).trim();
    const reference = line
      .slice(separator + 1)
      .replace(/\[.*\]\s*$/, '')
      .trim();
    const [module = '', attribute = ''] = reference.split(':').map((part) => part.trim());
    if (name.length === 0 || module.length === 0) continue;
    scripts.push({ name, module, attribute, kind: section === 'gui_scripts' ? 'gui' : 'console' });
  }
  return scripts;
}

/**
 * The body pip writes below the interpreter line for an entry point (pip's own
 * template in `pip._internal.operations.install.wheel`, byte for byte, so the
 * scripts and their RECORD hashes match pip's).
 */
export function scriptBody(entry: ScriptEntryPoint): string {
  const importName = entry.attribute.split('.')[0] || entry.module;
  const call = entry.attribute.length > 0 ? entry.attribute : entry.module;
  const importLine = entry.attribute.length > 0 ? `from ${entry.module} import ${importName}` : `import ${entry.module}`;
  return [
    '# -*- coding: utf-8 -*-',
    'import re',
    'import sys',
    importLine,
    "if __name__ == '__main__':",
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
    `    sys.exit(${call}())`,
    '',
  ].join('\n');
}
