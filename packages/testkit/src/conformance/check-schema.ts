import { canonicalJson } from './canonical-json.js';
import type { PluginUnderTest } from './plugin-harness.js';
import { ConformanceFailure } from './conformance-failure.js';

/** The plugin's own schema accepts the raw value. */
export function checkSchemaAccepts(loaded: PluginUnderTest, title: string, spec: unknown): void {
  const parsed = loaded.plugin.schema.safeParse(spec);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new ConformanceFailure(loaded.plugin.name, `schema accepts ${title}`, `it was rejected: ${messages}`);
  }
}

/** The plugin's own schema rejects the raw value, with a message that says why. */
export function checkSchemaRejects(loaded: PluginUnderTest, title: string, spec: unknown, message?: RegExp | string): void {
  const parsed = loaded.plugin.schema.safeParse(spec);
  if (parsed.success) throw new ConformanceFailure(loaded.plugin.name, `schema rejects ${title}`, 'it was accepted');
  checkMessages(
    loaded.plugin.name,
    `schema rejects ${title}`,
    parsed.error.issues.map((issue) => issue.message),
    message,
  );
}

/**
 * The value passes what the core runs before any other hook: the schema, then
 * `validate` with the document around it. A `validate` that throws anything but a
 * `ValidationError` would reach users as a crash, not as a problem with their input.
 */
export function checkValidateAccepts(underTest: PluginUnderTest, title: string, spec: unknown): void {
  const { plugin } = underTest;
  const parsed = plugin.schema.safeParse(spec);
  if (!parsed.success || parsed.data === undefined || parsed.data === null || !plugin.validate) return;
  const context = { pluginDirectory: '', dataDirectory: '', logger: silentLogger, options: underTest.options, signal: new AbortController().signal };
  try {
    plugin.validate(parsed.data, { ...context, runtimeEnv: { [plugin.name]: parsed.data } });
  } catch (error) {
    throw new ConformanceFailure(plugin.name, `validate accepts ${title}`, `validate threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

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
export function checkNormalizationIsIdempotent(loaded: PluginUnderTest, title: string, spec: unknown): void {
  const { name } = loaded.plugin;
  const once = loaded.plugin.schema.safeParse(spec);
  if (!once.success || once.data === undefined || once.data === null) return;
  const twice = loaded.plugin.schema.safeParse(once.data);
  if (!twice.success) {
    throw new ConformanceFailure(
      name,
      `normalizing ${title} twice`,
      `the schema rejects its own output: ${twice.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  if (canonicalJson(twice.data) !== canonicalJson(once.data)) {
    throw new ConformanceFailure(name, `normalizing ${title} twice`, `the output changed: ${canonicalJson(once.data)} became ${canonicalJson(twice.data)}`);
  }
}
