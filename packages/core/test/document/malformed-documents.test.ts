import { describe, expect, it } from 'vitest';
import { ValidationError } from '@runtime-env/plugin-api';
import { validateRuntimeEnv } from '../../src/document/validate-runtime-env.js';
import { mergeRuntimeEnvs } from '../../src/document/merge-runtime-envs.js';
import { testPlugins } from './test-plugins.js';
import { testIdentity } from '../fixtures/test-identity.js';

/** A small seeded generator, so a failing document can be reproduced from its index. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const fieldNames = [
  'pip',
  'conda',
  'env_vars',
  'image_uri',
  'working_dir',
  'excludes',
  'config',
  'pipp',
  '__proto__',
  'constructor',
  '',
  'py_modules',
  'toString',
];

function randomValue(random: () => number, depth: number): unknown {
  const choice = Math.floor(random() * 12);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 2000) - 1000;
    case 3:
      return random() * 1e9;
    case 4:
      return Number.NaN;
    case 5:
      return 'x'.repeat(Math.floor(random() * 5000));
    case 6:
      return '${HOME}\u0000\n"quoted"';
    case 7:
    case 8:
      return depth > 4 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      if (depth > 4) return {};
      const object: Record<string, unknown> = {};
      for (let index = Math.floor(random() * 4); index > 0; index -= 1) {
        const key =
          random() < 0.5
            ? fieldNames[Math.floor(random() * fieldNames.length)]!
            : ['packages', 'pip_install_options', 'setup_timeout_seconds', 'eager_install', 'A'][Math.floor(random() * 5)]!;
        object[key] = randomValue(random, depth + 1);
      }
      return object;
    }
  }
}

function randomDocument(random: () => number): unknown {
  if (random() < 0.1) return randomValue(random, 3);
  const document: Record<string, unknown> = {};
  for (let count = 1 + Math.floor(random() * 4); count > 0; count -= 1) {
    document[fieldNames[Math.floor(random() * fieldNames.length)]!] = randomValue(random, 0);
  }
  return random() < 0.2 ? JSON.parse(JSON.stringify(document) ?? 'null') : document;
}

describe('1,500 generated malformed documents', () => {
  it('each either validates or fails with a ValidationError whose issues name a path and a message', () => {
    const random = seededRandom(20261125);
    let rejected = 0;
    for (let index = 0; index < 1500; index += 1) {
      const document = randomDocument(random);
      try {
        validateRuntimeEnv(document, testPlugins);
        mergeRuntimeEnvs(document, {}, testPlugins);
      } catch (error) {
        if (!ValidationError.isInstance(error)) {
          throw new Error(`document #${index} crashed validation: ${String(error)}\n${JSON.stringify(document)?.slice(0, 500)}`);
        }
        expect(error.issues.length).toBeGreaterThan(0);
        for (const issue of error.issues) {
          expect(typeof issue.path).toBe('string');
          expect(issue.message.length).toBeGreaterThan(5);
          expect(issue.code).toMatch(/^[a-z_]+$/);
        }
        rejected += 1;
      }
    }
    // The generator is meant to produce mostly broken documents: make sure it does.
    expect(rejected).toBeGreaterThan(1000);
  });

  it('keeps a union own message when it has one', async () => {
    const { z } = await import('zod');
    const plugin = {
      apiVersion: 2 as const,
      name: 'shaped',
      version: '1',
      schema: z.union([z.string(), z.array(z.string())], { error: 'expected a name or a list of names' }),
      hash: () => ({ keys: [] }),
    };
    try {
      validateRuntimeEnv({ shaped: 3 }, [{ plugin, options: undefined, source: 'inline', identity: testIdentity }]);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues[0]!.message).toBe('expected a name or a list of names');
    }
  });

  it('explains a union mismatch by the shapes accepted', () => {
    try {
      validateRuntimeEnv({ pip: 3 }, testPlugins);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues[0]!.message).toBe('must be a list or an object, got a number');
    }
  });
});
