import { canonicalJson, checkDocumentSize, environmentIdOf, normalizedDocumentOf, validateRuntimeEnv, type ValidatedRuntimeEnv } from '../../document/index.js';
import { invokeHook } from '../hooks/hook-invocation.js';
import type { StructuredLog } from '../hooks/hook-contexts.js';
import type { LoadedPlugin, ResolvedEnvironment } from '../manager-types.js';
import { keyProblem, pluginUri, type HashResult, type PluginHookContext } from '@runtime-env/plugin-api';

export interface LocalPathOptions {
  /** Where relative local paths resolve; `null` refuses them; absent: this process's working directory. */
  baseDirectory?: string | null;
}

/** Documents remembered after validation; past this the oldest are forgotten. */
const DOCUMENT_MEMO_LIMIT = 20_000;

interface ValidatedDocument extends ValidatedRuntimeEnv {
  /** `normalizedDocument`'s answer, made once. */
  normalizedDocument?: Readonly<Record<string, unknown>>;
  /** Units of the plugins whose `hash` said its keys come `fromSpecAlone`. */
  pureUnits: Map<string, readonly { uri: string; key: string }[]>;
  /** Set once every present plugin's hash was pure: the whole resolution needs no hook again. */
  resolved?: ResolvedEnvironment;
}

/**
 * Validation and hashing, remembered by the document's canonical JSON. The cached
 * path of `getOrCreate` depends on this: a document seen before, whose plugins all
 * hash purely, resolves without running any hook.
 */
export class DocumentResolver {
  private readonly memo = new Map<string, ValidatedDocument>();
  /** Normalized documents this resolver handed out, by identity: given back, they need no serializing to be found. */
  private readonly byNormalizedDocument = new WeakMap<object, ValidatedDocument>();

  constructor(
    private readonly plugins: readonly LoadedPlugin[],
    private readonly contextFor: (loaded: LoadedPlugin, signal: AbortSignal) => PluginHookContext<unknown>,
    private readonly neverAborted: AbortSignal,
    private readonly log: StructuredLog | undefined,
  ) {}

  validate(document: unknown, options: LocalPathOptions = {}): ValidatedRuntimeEnv {
    const { runtimeEnv, config, configGiven } = this.validated(document, options);
    return { runtimeEnv, config, configGiven };
  }

  /**
   * The normalized document (local paths absolute against `options.baseDirectory`),
   * the same frozen object each time for the same input. The agent passes it on to
   * `getOrCreate`, which then finds its resolution by identity: a cached request
   * serializes its document once, not twice.
   */
  normalizedDocument(document: unknown, options: LocalPathOptions = {}): Readonly<Record<string, unknown>> {
    const validated = this.validated(document, options);
    if (!validated.normalizedDocument) {
      // Normalization is idempotent, so this entry is also the normalized document's own.
      validated.normalizedDocument = Object.freeze(normalizedDocumentOf(validated));
      this.byNormalizedDocument.set(validated.normalizedDocument, validated);
    }
    return validated.normalizedDocument;
  }

  /** The resolution without running anything, when that is possible; undefined otherwise. */
  resolvedFromMemo(document: unknown): ResolvedEnvironment | undefined {
    return (this.handedOut(document) ?? this.memo.get(canonicalJson(document)))?.resolved;
  }

  private handedOut(document: unknown): ValidatedDocument | undefined {
    return typeof document === 'object' && document !== null ? this.byNormalizedDocument.get(document) : undefined;
  }

  async resolve(document: unknown, signal: AbortSignal = this.neverAborted): Promise<ResolvedEnvironment> {
    const validated = this.validated(document);
    if (validated.resolved) return validated.resolved;
    const uris: { plugin: string; uri: string; key: string }[] = [];
    let allPure = true;
    const fieldsFromSpecAlone: string[] = [];
    for (const loaded of this.plugins) {
      const { plugin } = loaded;
      const spec = validated.runtimeEnv[plugin.name];
      if (spec === undefined) continue;
      let units = validated.pureUnits.get(plugin.name);
      if (!units) {
        const context = { ...this.contextFor(loaded, signal), runtimeEnv: validated.runtimeEnv };
        const result = await invokeHook({ plugin: plugin.name, hook: 'hash', signal, log: this.log }, async () =>
          unitsOf(loaded, await plugin.hash(spec, context)),
        );
        units = result.units;
        if (result.fromSpecAlone) validated.pureUnits.set(plugin.name, units);
        else allPure = false;
      }
      if (validated.pureUnits.has(plugin.name)) fieldsFromSpecAlone.push(plugin.name);
      for (const unit of units) uris.push({ plugin: plugin.name, ...unit });
    }
    const resolved: ResolvedEnvironment = {
      id: environmentIdOf(
        validated.runtimeEnv,
        uris.map((entry) => entry.uri),
      ),
      runtimeEnv: validated.runtimeEnv,
      config: validated.config,
      uris,
      fieldsFromSpecAlone,
    };
    if (allPure) validated.resolved = resolved;
    return resolved;
  }

  private validated(document: unknown, options: LocalPathOptions = {}): ValidatedDocument {
    // Absolute already, so no base can change what it names.
    const handedOut = this.handedOut(document);
    if (handedOut) return handedOut;
    const canonical = canonicalJson(document);
    // The same text names other files under another base.
    const key = options.baseDirectory === undefined ? canonical : `${JSON.stringify(options.baseDirectory)}\n${canonical}`;
    const remembered = this.memo.get(key);
    if (remembered) return remembered;
    // The text a caller sent is unknown here (the agent, a library caller): its canonical form is the measure.
    checkDocumentSize(Buffer.byteLength(canonical));
    const { runtimeEnv, config, configGiven } = validateRuntimeEnv(document, this.plugins, {
      contextFor: (loaded) => this.contextFor(loaded, this.neverAborted),
      ...(options.baseDirectory === undefined ? {} : { baseDirectory: options.baseDirectory }),
    });
    const validated: ValidatedDocument = { runtimeEnv, config, configGiven, pureUnits: new Map() };
    if (this.memo.size >= DOCUMENT_MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(key, validated);
    return validated;
  }
}

/** The URIs the core makes of a `hash` result; a malformed result throws (and becomes the hook's `PluginError`). */
function unitsOf(loaded: LoadedPlugin, result: HashResult): { units: { uri: string; key: string }[]; fromSpecAlone: boolean } {
  if (typeof result !== 'object' || result === null || !Array.isArray(result.keys)) {
    throw new TypeError(`hash returned ${JSON.stringify(result)}; expected { keys: string[], fromSpecAlone?: boolean }`);
  }
  const units = result.keys.map((key) => {
    const problem = keyProblem(key);
    if (problem) throw new TypeError(`hash returned a key that cannot be used: ${problem}`);
    return { uri: pluginUri(loaded.plugin.name, loaded.identity, key), key };
  });
  return { units, fromSpecAlone: result.fromSpecAlone === true };
}
