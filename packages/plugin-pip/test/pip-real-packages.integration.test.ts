import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredIndexUrl } from './helpers/configured-index.js';
import { openPipHarness } from './helpers/pip-harness.js';
import { runPython } from './helpers/run-python.js';

// Not hermetic on purpose: real packages (requests and its dependencies) from the
// index this machine's pip is configured with. If that index is gone the test fails.
describe('real packages from the configured index', () => {
  it('installs requests with its dependencies, isolated from the base interpreter, and locks them with hashes', async () => {
    const harness = await openPipHarness({ systemSitePackages: false });
    const { directory, result } = await harness.build({ spec: { packages: ['requests'], pip_install_options: ['--index-url', configuredIndexUrl()] } });
    const python = join(directory, 'venv', 'bin', 'python');
    const location = await runPython(python, 'import requests, sys; print(requests.__file__.startswith(sys.prefix), requests.__version__)');
    expect(location).toMatch(/^True \d+\.\d+/);
    const names = result.lock?.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['certifi', 'charset-normalizer', 'idna', 'requests', 'urllib3']));
    for (const entry of result.lock ?? []) expect(entry.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(harness.plugin.formatLock?.(result.lock ?? [])).toMatch(/^requests==\S+ \\\n {4}--hash=sha256:[0-9a-f]{64}$/m);
  });
});
