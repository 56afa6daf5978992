import path from 'node:path';
import { definePlugin, prependToPathList, ValidationError, type ValidationIssue } from '@runtime-env/plugin-api';
import { workingDirOptionsSchema } from '../plugin-options.js';
import { isGitSource } from '../sources/git-source.js';
import { sourceShapeIssue } from '../sources/source-shape.js';
import { formatPluginUri } from '../uri/plugin-uri.js';
import { excludesSchema, gitRevisionSchemas, workingDirSchema } from './field-schemas.js';
import { contentFolderName, materializePackage } from './materialize-package.js';
import { pluginVersion } from './plugin-version.js';
import { resolveSource } from './resolve-source.js';
import { expectStorePackageUse, releaseStorePackage, removeAbandonedPackages } from './store-package-lifetime.js';

const gitFields = ['git_branch', 'git_tag', 'git_commit'] as const;

export const workingDirPlugin = definePlugin({
  apiVersion: 1,
  name: 'working_dir',
  version: pluginVersion,
  // Ray creates working_dir before every other plugin, so they can read its files.
  priority: 5,
  description: 'Runs the process in a folder: a local directory or archive, a remote .zip/.tar.gz, or a git commit',
  schema: workingDirSchema,
  companionFields: { excludes: excludesSchema, ...gitRevisionSchemas },
  options: workingDirOptionsSchema,

  validate(spec, runtimeEnv) {
    const given = gitFields.filter((field) => runtimeEnv[field] !== undefined);
    const issues: ValidationIssue[] = [];
    const shapeIssue = sourceShapeIssue(spec, 'working_dir', 'working_dir');
    if (shapeIssue) issues.push(shapeIssue);
    if (given.length > 0 && !isGitSource(spec)) {
      issues.push({ code: 'git_revision_without_git', path: given[0]!, plugin: 'working_dir', message: `${given[0]} needs working_dir to be a git repository URL (https://host/repo.git)` });
    }
    if (given.length > 1) {
      issues.push({ code: 'conflicting_fields', path: given[1]!, plugin: 'working_dir', message: `give only one of ${gitFields.join(', ')} (got ${given.join(' and ')})` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
  },

  async hash(spec, ctx) {
    const reference = await resolveSource(spec, 'working_dir', 'working_dir', ctx);
    const uri = formatPluginUri(this.name, this.version, reference);
    await expectStorePackageUse(uri, reference.location, ctx);
    return [uri];
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
    const directory = path.join(ctx.directoryOf(uris[0]!), contentFolderName);
    context.workingDirectory = directory;
    prependToPathList(context, 'PYTHONPATH', [directory]);
  },
});
