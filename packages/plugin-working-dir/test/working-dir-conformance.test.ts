import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describePluginConformance } from '@runtime-env/testkit';
import { pyModulesPlugin, workingDirPlugin } from '../src/index.js';
import { startArchiveServer } from './support/archive-http-server.js';
import { writeTree } from './support/hook-context.js';
import { makeArchive } from './support/make-archive.js';

let root = '';
let server: Awaited<ReturnType<typeof startArchiveServer>> | undefined;

async function setup() {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'rtenv-wd-conformance-'));
  await writeTree(root, {
    'project/main.py': 'print("conformance")\n',
    'project/lib/helper.py': 'X = 1\n',
    'other/main.py': 'print("other")\n',
    'modules/mymod/__init__.py': 'VALUE = 1\n',
    'modules/single.py': 'Y = 2\n',
  });
  server = await startArchiveServer('unused');
  // Incompressible, so the slow server needs several seconds to send it.
  server.serve('/slow.zip', makeArchive('zip', { 'big/data.txt': randomBytes(512 * 1024).toString('base64') }), { slow: true });
  return async () => {
    await server?.close();
    await fs.rm(root, { recursive: true, force: true });
  };
}

describePluginConformance({
  plugin: workingDirPlugin,
  setup,
  validSpecs: [
    { title: 'a local folder', spec: '/tmp' },
    { title: 'a remote zip', spec: 'https://example.invalid/app.zip' },
    { title: 'a git repository', spec: 'https://example.invalid/user/repo.git' },
  ],
  invalidSpecs: [
    { title: 'a number', spec: 3, message: /working_dir must be a string/ },
    { title: 'a list', spec: ['/tmp'], message: /working_dir must be a string/ },
    { title: 'a Windows path', spec: 'C:\\proj', message: /is a Windows path/ },
  ],
  createSpec: () => ({ spec: path.join(root, 'project'), runtimeEnv: { excludes: ['lib/'] } }),
  otherSpec: () => ({ spec: path.join(root, 'other') }),
  abortSpec: () => ({ spec: `${server!.url}/slow.zip` }),
});

describePluginConformance({
  plugin: pyModulesPlugin,
  setup,
  validSpecs: [
    // Local paths must exist where the document is validated; test/source-validation.test.ts covers .py and .whl files.
    { title: 'a folder', spec: ['/tmp'] },
    { title: 'remote archives', spec: ['s3://bucket/mod.zip', 'https://example.invalid/pkg.whl'] },
  ],
  invalidSpecs: [
    { title: 'a string', spec: '/tmp/mod', message: /must be a list/ },
    { title: 'a number entry', spec: [3], message: /must be a string/ },
  ],
  createSpec: () => ({ spec: [path.join(root, 'modules/mymod'), path.join(root, 'modules/single.py')] }),
  otherSpec: () => ({ spec: [path.join(root, 'other')] }),
  abortSpec: () => ({ spec: [`${server!.url}/slow.zip`] }),
});
