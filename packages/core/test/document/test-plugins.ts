import { z } from 'zod';
import { definePlugin } from '@runtime-env/plugin-api';
import type { LoadedPlugin } from '../../src/engine/manager-types.js';
import { testIdentity } from '../fixtures/test-identity.js';

// Small plugins with Ray-shaped schemas, to exercise the core's own validation rules.
const pipLike = definePlugin({
  apiVersion: 2,
  name: 'pip',
  schema: z.union([
    z.array(z.string()).transform((packages) => (packages.length === 0 ? undefined : { packages })),
    z.strictObject({ packages: z.array(z.string()), pip_install_options: z.array(z.string()).optional() }),
  ]),
  rules: { conflictsWith: ['conda'] },
  hash: () => ({ keys: [] }),
});
const condaLike = definePlugin({ apiVersion: 2, name: 'conda', schema: z.string(), rules: { conflictsWith: ['pip'] }, hash: () => ({ keys: [] }) });
const envVarsLike = definePlugin({
  apiVersion: 2,
  name: 'env_vars',
  schema: z.record(z.string(), z.string()).transform((vars) => (Object.keys(vars).length === 0 ? undefined : vars)),
  merge: (parent: Record<string, string>, child: Record<string, string>) => ({ ...parent, ...child }),
  hash: () => ({ keys: [] }),
});
const imageLike = definePlugin({
  apiVersion: 2,
  name: 'image_uri',
  schema: z.string().min(1),
  rules: { onlyAlongside: ['env_vars'] },
  hash: () => ({ keys: [] }),
});
const workingDirLike = definePlugin({
  apiVersion: 2,
  name: 'working_dir',
  schema: z.string(),
  companionFields: { excludes: z.array(z.string()), git_branch: z.string({ error: 'git_branch must be a branch name' }).min(1) },
  validate(spec) {
    if (spec.startsWith('/forbidden')) throw new Error('this folder is not allowed');
  },
  hash: () => ({ keys: [] }),
});

export const testPlugins: LoadedPlugin[] = [pipLike, condaLike, envVarsLike, imageLike, workingDirLike].map((plugin) => ({
  plugin,
  options: undefined,
  source: 'inline',
  identity: testIdentity,
}));
