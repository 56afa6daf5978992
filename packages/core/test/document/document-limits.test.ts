import { describe, expect, it } from 'vitest';
import { DocumentLimitError } from '@runtime-env/plugin-api';
import { RuntimeEnvError } from '@runtime-env/plugin-api';
import { checkDocumentDepth, checkDocumentSize, MAXIMUM_DOCUMENT_BYTES, MAXIMUM_DOCUMENT_DEPTH } from '../../src/document/document-limits.js';
import { mergeRuntimeEnvs } from '../../src/document/merge-runtime-envs.js';
import { validateRuntimeEnv } from '../../src/document/validate-runtime-env.js';
import { testPlugins } from './test-plugins.js';

/** `{"env_vars": {"a": {"a": ... "1"}}}`, `depth` levels in all, parsed from text as a client's document is. */
function deepDocument(depth: number): unknown {
  return JSON.parse(`{"env_vars":${'{"a":'.repeat(depth - 2)}{"a":"1"}${'}'.repeat(depth - 2)}}`);
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('document limits', () => {
  it('counts the document itself as level 1 and refuses a level past the limit', () => {
    expect(() => checkDocumentDepth(deepDocument(MAXIMUM_DOCUMENT_DEPTH))).not.toThrow();
    const error = thrownBy(() => checkDocumentDepth(deepDocument(MAXIMUM_DOCUMENT_DEPTH + 1)));
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect(error).toMatchObject({ code: 'document_too_deep', limit: 'depth', maximum: MAXIMUM_DOCUMENT_DEPTH });
    expect((error as Error).message).toContain(`depth limit of a runtime_env document is ${MAXIMUM_DOCUMENT_DEPTH}`);
    // Lists count as levels too.
    expect(() => checkDocumentDepth(JSON.parse(`${'['.repeat(MAXIMUM_DOCUMENT_DEPTH + 1)}${']'.repeat(MAXIMUM_DOCUMENT_DEPTH + 1)}`))).toThrow(
      DocumentLimitError,
    );
  });

  it.each([5_000, 1_000_000])('validation refuses a document %i levels deep with the limit, not a stack overflow', (depth) => {
    for (const validate of [() => validateRuntimeEnv(deepDocument(depth), testPlugins), () => mergeRuntimeEnvs({}, deepDocument(depth), testPlugins)]) {
      const error = thrownBy(validate);
      expect(RuntimeEnvError.isInstance(error) && error.code).toBe('document_too_deep');
    }
  });

  it('passes a realistic large document: 20,000 env_vars', () => {
    const envVars = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`K${index}`, 'v'.repeat(10)]));
    const text = JSON.stringify({ env_vars: envVars });
    expect(() => checkDocumentSize(Buffer.byteLength(text))).not.toThrow();
    expect(Object.keys(validateRuntimeEnv(JSON.parse(text), testPlugins).runtimeEnv.env_vars as object)).toHaveLength(20_000);
  });

  it('refuses text larger than the size limit, naming it', () => {
    expect(() => checkDocumentSize(MAXIMUM_DOCUMENT_BYTES)).not.toThrow();
    const error = thrownBy(() => checkDocumentSize(MAXIMUM_DOCUMENT_BYTES + 1, 'deep.json'));
    expect(error).toMatchObject({ code: 'document_too_large', limit: 'size', maximum: MAXIMUM_DOCUMENT_BYTES });
    expect((error as Error).message).toContain(`deep.json is larger than ${MAXIMUM_DOCUMENT_BYTES} bytes`);
  });
});
