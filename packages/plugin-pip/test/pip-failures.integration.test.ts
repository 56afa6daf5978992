import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureIndex } from './helpers/fixture-index.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';

isolatePipFromMachineConfig();

let index: PythonIndex;
beforeAll(async () => {
  index = await startFixtureIndex();
});
afterAll(async () => {
  await index.close();
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('failures are classified and named', () => {
  it('an unknown package is permanent and named', async () => {
    const harness = await openPipHarness();
    const attempt = harness.build({ spec: ['no-such-package-anywhere'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } });
    await expect(attempt).rejects.toMatchObject({
      failureClass: 'permanent',
      code: 'pip_requirement_not_found',
      message: expect.stringContaining('"no-such-package-anywhere"'),
    });
    // The in-process resolver read the page (and left the failure to pip), pip asked once, then the plugin once to tell "missing" from "index down".
    expect(index.requestCount('no-such-package-anywhere')).toBe(3);
  });

  it('an unsatisfiable version is permanent and lists what the index has', async () => {
    const harness = await openPipHarness();
    const attempt = harness.build({ spec: ['fixture-lib==9.9'], runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } } });
    await expect(attempt).rejects.toMatchObject({
      failureClass: 'permanent',
      message: expect.stringMatching(/"fixture-lib==9.9"; the index has versions 1.0.0, 2.0.0/),
    });
  });

  it('a package missing from --find-links under --no-index is permanent, and no index is asked', async () => {
    const harness = await openPipHarness();
    const links = await mkdtemp(path.join(tmpdir(), 'rtenv-pip-no-index-'));
    const requestsBefore = index.requestCount('fixture-lib');
    try {
      // PIP_INDEX_URL names the fixture index only to count requests: with --no-index, pip and the plugin must not ask it.
      const attempt = harness.build({
        spec: { packages: ['fixture-lib'], pip_install_options: ['--no-index', '--find-links', links] },
        runtimeEnv: { env_vars: { PIP_INDEX_URL: index.url } },
      });
      await expect(attempt).rejects.toMatchObject({ failureClass: 'permanent', code: 'pip_requirement_not_found' });
      expect(index.requestCount('fixture-lib')).toBe(requestsBefore);
    } finally {
      await rm(links, { recursive: true, force: true });
    }
  });

  it('an unreachable index is transient', async () => {
    const harness = await openPipHarness();
    const url = `http://127.0.0.1:${await closedPort()}/simple/`;
    const attempt = harness.build({ spec: ['fixture-lib'], runtimeEnv: { env_vars: { PIP_INDEX_URL: url } } });
    await expect(attempt).rejects.toMatchObject({ failureClass: 'transient', code: 'pip_index_unreachable' });
  });

  it('an index answering 503 is transient', async () => {
    const failing = await startFixtureIndex();
    failing.failWith('fixture-lib', 503);
    try {
      const harness = await openPipHarness();
      const attempt = harness.build({ spec: ['fixture-lib'], runtimeEnv: { env_vars: { PIP_INDEX_URL: failing.url } } });
      await expect(attempt).rejects.toMatchObject({ failureClass: 'transient' });
    } finally {
      await failing.close();
    }
  });

  it('a credential in the index URL never reaches the log or the error', async () => {
    const harness = await openPipHarness();
    const password = 's3cret-password-0042';
    const url = index.url.replace('http://', `http://user:${password}@`);
    const attempt = harness.build({ spec: ['no-such-package-anywhere'], runtimeEnv: { env_vars: { PIP_INDEX_URL: url } } });
    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain(password);
    expect(harness.logger.text()).not.toContain(password);
  });
});
