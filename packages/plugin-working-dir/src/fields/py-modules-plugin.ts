import path from 'node:path';
import { definePlugin, prependToPathList, ValidationError } from '@runtime-env/plugin-api';
import { sourceShapeIssue } from '../sources/source-shape.js';
import { workingDirOptionsSchema } from '../plugin-options.js';
import { formatPluginUri } from '../uri/plugin-uri.js';
import { pyModulesSchema } from './field-schemas.js';
import { contentFolderName, materializePackage } from './materialize-package.js';
import { pluginVersion } from './plugin-version.js';
import { resolveSource } from './resolve-source.js';
import { expectStorePackageUse, releaseStorePackage, removeAbandonedPackages } from './store-package-lifetime.js';

export const pyModulesPlugin = definePlugin({
  apiVersion: 1,
  name: 'py_modules',
  version: pluginVersion,
  description: 'Makes Python modules importable: local folders, .py and .whl files, or remote archives and wheels',
  schema: pyModulesSchema,
  options: workingDirOptionsSchema,

  validate(spec) {
    const issues = spec.flatMap((source, index) => sourceShapeIssue(source, `py_modules[${index}]`, 'py_modules') ?? []);
    if (issues.length > 0) throw new ValidationError(issues);
  },

  async hash(spec, ctx) {
    const uris: string[] = [];
    for (const [index, source] of spec.entries()) {
      const reference = await resolveSource(source, `py_modules[${index}]`, 'py_modules', ctx);
      const uri = formatPluginUri(this.name, this.version, reference);
      await expectStorePackageUse(uri, reference.location, ctx);
      uris.push(uri);
    }
    return uris;
  },

  create(uri, _spec, ctx) {
    return materializePackage(uri, ctx);
  },

  delete(uri, ctx) {
    return releaseStorePackage(uri, ctx);
  },

  recover(ctx) {
    return removeAbandonedPackages(ctx);
  },

  modifyContext(uris, _spec, context, ctx) {
    // py_modules runs after working_dir, so its folders end up first on PYTHONPATH, as in Ray.
    prependToPathList(context, 'PYTHONPATH', uris.map((uri) => path.join(ctx.directoryOf(uri), contentFolderName)));
  },
});
