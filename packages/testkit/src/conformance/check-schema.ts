import { canonicalJson, ValidationError, validateRuntimeEnv, type LoadedPlugin } from '@runtime-env/core';
import { ConformanceFailure } from './conformance-failure.js';

/** The plugin's own schema accepts the raw value. */
export function checkSchemaAccepts(loaded: LoadedPlugin, title: string, spec: unknown): void {
  const parsed = loaded.plugin.schema.safeParse(spec);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new ConformanceFailure(loaded.plugin.name, `schema accepts ${title}`, `it was rejected: ${messages}`);
  }
}

/** The plugin's own schema rejects the raw value, with a message that says why. */
export function checkSchemaRejects(loaded: LoadedPlugin, title: string, spec: unknown, message?: RegExp | string): void {
  const parsed = loaded.plugin.schema.safeParse(spec);
  if (parsed.success) throw new ConformanceFailure(loaded.plugin.name, `schema rejects ${title}`, 'it was accepted');
  checkMessages(loaded.plugin.name, `schema rejects ${title}`, parsed.error.issues.map((issue) => issue.message), message);
}

/** The core's `validateRuntimeEnv`, with the plugin loaded, accepts a document holding the value. */
export function checkCoreAccepts(loaded: LoadedPlugin, title: string, spec: unknown): void {
  try {
    validateRuntimeEnv({ [loaded.plugin.name]: spec }, [loaded]);
  } catch (error) {
    throw new ConformanceFailure(loaded.plugin.name, `core accepts ${title}`, `validateRuntimeEnv threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The core rejects it with a `ValidationError` whose issues name the field (the
 * path starts with it) and the plugin, so a user with ten fields knows which one.
 */
export function checkCoreRejects(loaded: LoadedPlugin, title: string, spec: unknown, message?: RegExp | string): void {
  const { name } = loaded.plugin;
  const check = `core rejects ${title}`;
  let thrown: unknown;
  try {
    validateRuntimeEnv({ [name]: spec }, [loaded]);
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new ConformanceFailure(name, check, 'validateRuntimeEnv accepted the document');
  if (!ValidationError.isInstance(thrown)) {
    throw new ConformanceFailure(name, check, `threw ${thrown instanceof Error ? thrown.name : typeof thrown} instead of a ValidationError: ${String(thrown)}`, 'reject bad values in the schema or validate hook, not by crashing');
  }
  const ownIssues = thrown.issues.filter((issue) => issue.plugin === name && (issue.path === name || issue.path.startsWith(`${name}.`) || issue.path.startsWith(`${name}[`)));
  if (ownIssues.length === 0) {
    throw new ConformanceFailure(name, check, `no issue names field "${name}" and plugin "${name}": ${JSON.stringify(thrown.issues)}`);
  }
  checkMessages(name, check, ownIssues.map((issue) => issue.message), message);
}

function checkMessages(plugin: string, check: string, messages: readonly string[], expected: RegExp | string | undefined): void {
  const vague = messages.filter((text) => text.trim().length < 8);
  if (vague.length > 0) throw new ConformanceFailure(plugin, check, `messages too short to help a user: ${JSON.stringify(vague)}`);
  if (expected === undefined) return;
  const matches = (text: string) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
  if (!messages.some(matches)) {
    throw new ConformanceFailure(plugin, check, `no message matches ${String(expected)}; messages were: ${JSON.stringify(messages)}`);
  }
}

/**
 * Normalizing twice gives what normalizing once gave: the schema accepts its own
 * output unchanged. Merged documents, and documents a client sends on to the agent,
 * are validated again, and must keep their identity.
 */
export function checkNormalizationIsIdempotent(loaded: LoadedPlugin, title: string, spec: unknown): void {
  const { name } = loaded.plugin;
  const once = loaded.plugin.schema.safeParse(spec);
  if (!once.success || once.data === undefined || once.data === null) return;
  const twice = loaded.plugin.schema.safeParse(once.data);
  if (!twice.success) {
    throw new ConformanceFailure(name, `normalizing ${title} twice`, `the schema rejects its own output: ${twice.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (canonicalJson(twice.data) !== canonicalJson(once.data)) {
    throw new ConformanceFailure(name, `normalizing ${title} twice`, `the output changed: ${canonicalJson(once.data)} became ${canonicalJson(twice.data)}`);
  }
}
