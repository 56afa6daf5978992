import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyLaunchContext, openRuntimeEnvManager } from '../../src/index.js';
import { temporaryDirectory } from '../fixtures/temporary-directory.js';

// `launchProcess` itself is tested in @runtime-env/plugin-api, where it lives.
describe('manager.launch', () => {
  let directory: ReturnType<typeof temporaryDirectory>;

  beforeEach(() => {
    directory = temporaryDirectory('runtime-env-launch-');
  });

  afterEach(() => directory.remove());

  it('refuses a launcher no plugin provides', async () => {
    const manager = await openRuntimeEnvManager({ dataDirectory: join(directory.path, 'data'), plugins: [] });
    try {
      const context = { ...emptyLaunchContext(), launcher: 'container' };
      await expect(manager.launch(context, ['true'], { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' })).rejects.toMatchObject({
        code: 'launcher_not_found',
      });
      const result = await manager.launch(emptyLaunchContext(), ['sh', '-c', 'exit 3'], { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
      expect(result.exitCode).toBe(3);
    } finally {
      await manager.close();
    }
  });
});
