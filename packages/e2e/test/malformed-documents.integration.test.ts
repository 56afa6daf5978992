// At least 1,000 generated malformed runtime_env documents against the real
// first-party plugins, loaded as the CLI loads them: each must be accepted or
// rejected with a ValidationError naming a path, never crash validation.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlugins, ValidationError, validateRuntimeEnv, type LoadedPlugin } from '@runtime-env/core';
import { beforeAll, describe, expect, it } from 'vitest';

const firstPartyPlugins = ['env-vars', 'working-dir', 'pip', 'conda', 'container'].map((name) => `@runtime-env/plugin-${name}`);
let plugins: LoadedPlugin[];

beforeAll(async () => {
  plugins = await loadPlugins(firstPartyPlugins, { searchDirectories: [path.dirname(fileURLToPath(import.meta.url))] });
});

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

// Values shaped like what users write, and broken in the ways they break.
const nearMissValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  'requests',
  '/nonexistent/dir',
  './relative',
  's3://bucket/pkg.zip',
  'https://host/a.tar.gz',
  'https://host/repo.git',
  'file:///tmp/x.zip',
  'gs://bucket/x.zip',
  '..',
  '../../etc/passwd',
  'name==1.0',
  'numpy>=1.20,<2',
  '-r requirements.txt',
  '${HOME}',
  'a'.repeat(10_000),
  '\u0000',
  'busybox:latest',
  'repo/name@sha256:abc',
  [],
  [''],
  ['requests', 1],
  [null],
  [['nested']],
  [{}],
  {},
  { packages: 'requests' },
  { packages: ['a'], pip_check: 'yes' },
  { packages: ['a'], pip_install_options: ['--x', 3] },
  { packages: ['a'], unknown: 1 },
  { dependencies: ['python=3.11', { pip: ['x'] }] },
  { dependencies: 'python' },
  { channels: [1] },
  { image: 'busybox', run_options: ['--rm'] },
  { image: 'busybox', run_options: '--memory=1g' },
  { image: 1 },
  { A: 1 },
  { A: 'b', '': 'c' },
  { 'A=B': 'c' },
  { __proto__: { polluted: true } },
  { setup_timeout_seconds: 0 },
  { setup_timeout_seconds: '600' },
  { eager_install: 1 },
  { log_files: 'x.log' },
];
const fields = [
  'pip',
  'conda',
  'env_vars',
  'working_dir',
  'py_modules',
  'excludes',
  'image_uri',
  'container',
  'config',
  'git_branch',
  'git_tag',
  'git_commit',
  'uv',
  'java_jars',
  'pip ',
  'Pip',
  'envvars',
];

function randomDocument(random: () => number): unknown {
  const roll = random();
  if (roll < 0.05) return pick(random, nearMissValues);
  const document: Record<string, unknown> = {};
  for (let count = 1 + Math.floor(random() * 4); count > 0; count -= 1) document[pick(random, fields)] = pick(random, nearMissValues);
  return document;
}

describe('1,200 malformed documents against the real first-party plugins', () => {
  it('every document validates or fails with path-naming issues; none crashes validation', () => {
    const random = seededRandom(2611);
    let rejected = 0;
    for (let index = 0; index < 1_200; index += 1) {
      const document = randomDocument(random);
      try {
        validateRuntimeEnv(document, plugins);
      } catch (error) {
        if (!ValidationError.isInstance(error)) {
          throw new Error(`document #${index} crashed validation with ${String(error)}: ${JSON.stringify(document)?.slice(0, 300)}`);
        }
        rejected += 1;
        for (const issue of error.issues) {
          expect(issue.message.length, `issue of document #${index}`).toBeGreaterThan(5);
          expect(issue.code).toMatch(/^[a-z_]+$/);
        }
      }
    }
    expect(rejected).toBeGreaterThan(1_000);
  });

  it('names each loaded plugin field and the core field when a field is unknown', () => {
    try {
      validateRuntimeEnv({ pipp: ['requests'] }, plugins);
      expect.unreachable();
    } catch (error) {
      const message = ValidationError.isInstance(error) ? error.issues[0]!.message : '';
      expect(message).toContain('did you mean "pip"');
      for (const field of ['conda', 'config', 'container', 'env_vars', 'image_uri', 'pip', 'py_modules', 'working_dir']) expect(message).toContain(field);
    }
  });
});
