import path from 'node:path';
import { definePlugin, prependToPathList, ValidationError } from '@runtime-env/plugin-api';
import { sourceShapeIssue } from '../sources/source-shape.js';
import { workingDirOptionsSchema } from '../plugin-options.js';
import { formatKey } from '../uri/plugin-key.js';
import { pyModulesSchema } from './field-schemas.js';
import { contentFolderName, materializePackage } from './materialize-package.js';
import { resolveSource } from './resolve-source.js';
import { expectStorePackageUse, releaseStorePackage, removeAbandonedPackages } from './store-package-lifetime.js';

export const pyModulesPlugin = definePlugin({
  apiVersion: 2,
  name: 'py_modules',
  description: 'Makes Python modules importable: local folders, .py and .whl files, or remote archives and wheels',
  schema: pyModulesSchema,
  options: workingDirOptionsSchema,

  validate(spec) {
    const issues = spec.flatMap((source, index) => sourceShapeIssue(source, `py_modules[${index}]`, 'py_modules') ?? []);
    if (issues.length > 0) throw new ValidationError(issues);
  },

  async hash(spec, ctx) {
    const keys: string[] = [];
    for (const [index, source] of spec.entries()) {
      const reference = await resolveSource(source, `py_modules[${index}]`, 'py_modules', ctx);
      const key = formatKey(reference);
      await expectStorePackageUse(key, reference.location, ctx);
      keys.push(key);
    }
    return { keys };
  },

  create(_spec, ctx) {
    return materializePackage(ctx);
  },

  delete(_spec, ctx) {
    return releaseStorePackage(ctx);
  },

  recover(ctx) {
    return removeAbandonedPackages(ctx);
  },

  modifyContext(_spec, { uris, context, directoryOf }) {
    // py_modules runs after working_dir, so its folders end up first on PYTHONPATH, as in Ray.
    prependToPathList(
      context,
      'PYTHONPATH',
      uris.map((uri) => path.join(directoryOf(uri), contentFolderName)),
    );
  },
});
