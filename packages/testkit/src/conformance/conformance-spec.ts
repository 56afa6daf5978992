import type { AnyRuntimeEnvPlugin } from '@runtime-env/plugin-api';

/** A plugin for another field of the document, bare or with the raw options a config file would give it. */
export type AlongsidePlugin = AnyRuntimeEnvPlugin | { plugin: AnyRuntimeEnvPlugin; options?: unknown };

/** A value, or a function giving it once `setup` has run (a server's port, say). */
export type AfterSetup<Value> = Value | (() => Value);

/** A raw field value, with the other fields of the document it sits in. */
export interface SpecCase {
  /** The raw value of the plugin's field, as a user writes it. */
  spec: unknown;
  /** Other top-level fields of the document (companion fields such as `excludes`, or `env_vars`). */
  runtimeEnv?: Record<string, unknown>;
}

export interface ValidSpecCase {
  title: string;
  spec: unknown;
}

export interface InvalidSpecCase {
  title: string;
  spec: unknown;
  /** What the error message must say (matched against each issue's message). */
  message?: RegExp | string;
}

/** Groups of checks that can be switched off; each needs a reason, which is printed. */
export interface ConformanceSkips {
  abort?: string;
  size?: string;
  delete?: string;
  endToEnd?: string;
}

export interface PluginConformanceSpec {
  /** The plugin, or a function returning it (called once, when the suite is registered). */
  plugin: AnyRuntimeEnvPlugin | (() => AnyRuntimeEnvPlugin);
  /** Raw plugin options, as written in rtenv.config.json; parsed by the plugin's `options` schema. */
  options?: AfterSetup<unknown>;
  validSpecs: readonly ValidSpecCase[];
  invalidSpecs: readonly InvalidSpecCase[];
  /** Used by the create, size, modifyContext, delete and end-to-end checks. */
  createSpec: AfterSetup<SpecCase>;
  /** Must hash to other keys than `createSpec`. */
  otherSpec: AfterSetup<SpecCase>;
  /** A create that takes more than about a second, to check that abort stops it promptly. */
  abortSpec?: AfterSetup<SpecCase>;
  skip?: ConformanceSkips;
  /** Plugins for the other fields of the spec cases' `runtimeEnv`, run next to this one in the end-to-end check. */
  alongside?: readonly AlongsidePlugin[];
  /** What the end-to-end check launches in the environment it made; it must exit 0. Default `sh -c 'exit 0'`. */
  launchCommand?: readonly string[];
  /** Runs before the suite (start servers); the function it returns runs after. */
  setup?: () => Promise<(() => Promise<void> | void) | void> | (() => Promise<void> | void) | void;
  /** When to abort and how long the plugin may take to stop; defaults 300 ms and 5,000 ms. */
  abortTiming?: { abortAfterMs?: number; settleWithinMs?: number };
}

export function resolveAfterSetup<Value>(value: AfterSetup<Value>): Value {
  return typeof value === 'function' ? (value as () => Value)() : value;
}

export function resolvePlugin(plugin: PluginConformanceSpec['plugin']): AnyRuntimeEnvPlugin {
  return typeof plugin === 'function' ? plugin() : plugin;
}
