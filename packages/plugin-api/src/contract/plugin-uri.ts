/** Who made a URI: the npm package a plugin was loaded from, as its package.json says. */
export interface PluginIdentity {
  readonly name: string;
  readonly version: string;
}

/**
 * The URI of one unit of work: `<field>:<package>@<version>/<key>`, for example
 * `pip:@runtime-env/plugin-pip@0.3.1/5d41…`. The core composes it from the key
 * a plugin's `hash` gave; the package version in it means a new release never
 * reuses what an older one built, whatever its keys. No `//` after the field: a
 * `<package>@` there would read as a URL's credentials, and be masked as such.
 */
export function pluginUri(field: string, identity: PluginIdentity, key: string): string {
  return `${field}:${identity.name}@${identity.version}/${key}`;
}

/** Why `key` cannot be part of a URI, or undefined when it can. */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return `a key must be a non-empty string, not ${JSON.stringify(key)}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f]/.test(key)) return `the key ${JSON.stringify(key)} contains a control character`;
  return undefined;
}
