import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRtenv } from '../src/rtenv.js';
import { cliPackageDirectory } from '../src/config/plugin-resolution.js';
import { captureIo } from './capture-io.js';

// The plugin is copied beside the fixtures (not to /tmp) so its `zod` import resolves from this package.
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
let directory: string;
let launchLog: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  directory = mkdtempSync(path.join(fixtures, '.launcher-copy-'));
  cpSync(path.join(fixtures, 'boxed-launcher'), directory, { recursive: true });
  launchLog = path.join(directory, 'launches.txt');
  writeFileSync(launchLog, '');
  process.env.BOXED_LAUNCH_LOG = launchLog;
  const config = path.join(directory, 'rtenv.config.json');
  writeFileSync(config, JSON.stringify({ plugins: [['./boxed/plugin.mjs', { greeting: 'hi' }], '@runtime-env/plugin-env-vars'] }));
  env = { RTENV_DATA_DIR: path.join(directory, 'data'), RTENV_CONFIG: config, RTENV_DEBUG: '1' };
});
afterEach(() => {
  delete process.env.BOXED_LAUNCH_LOG;
  rmSync(directory, { recursive: true, force: true });
});

const run = async (command: string[]) => {
  const io = captureIo({ env, cwd: cliPackageDirectory });
  const code = await runRtenv(['run', '-e', '{"boxed": "box-1", "env_vars": {"K": "v"}}', '--', ...command], io);
  return { code, stderr: io.stderrText() };
};
const launches = () => readFileSync(launchLog, 'utf8').trim().split('\n');

describe('rtenv run through a launcher package\'s "./launch" export', () => {
  it('imports the launch module alone on a cached run, with the options the engine parsed', async () => {
    const first = await run(['first']);
    expect(first.code, first.stderr).toBe(3);
    const second = await run(['second', 'run']);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toMatch(/fast path launches through plugin "boxed", importing file:\/\/\S+\/boxed\/launch\.mjs \(its launch module\)/);
    // The engine launched the first through the plugin; the memo the second through the module, options included.
    expect(launches()).toEqual(['plugin hi first', 'module hi second run']);
  });

  it('takes the engine once when the launch module changed after it was recorded, then the new module', async () => {
    await run(['first']);
    appendFileSync(path.join(directory, 'boxed', 'launch.mjs'), '// edited after the engine recorded it\n');
    const second = await run(['second']);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toMatch(/fast path missed \(\S+boxed\/launch\.mjs changed since the document was recorded\)/);
    const third = await run(['third']);
    expect(third.stderr).toMatch(/importing file:\/\/\S+\/boxed\/launch\.mjs \(its launch module\)/);
    expect(launches()).toEqual(['plugin hi first', 'plugin hi second', 'module hi third']);
  });

  it('takes the engine for a launcher plugin without a launch module: no plugin is imported on the fast path', async () => {
    // The package without its "./launch" export.
    const manifest = path.join(directory, 'boxed', 'package.json');
    const { exports, ...rest } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, string> };
    writeFileSync(manifest, JSON.stringify({ ...rest, exports: { '.': exports['.'] } }));
    await run(['first']);
    const second = await run(['second']);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toContain('launches through plugin "boxed", which has no launch module the engine read');
    expect(launches()).toEqual(['plugin hi first', 'plugin hi second']);
  });
});

describe('rtenv run of an impure field its launch module re-checks', () => {
  let tagFile: string;
  beforeEach(() => {
    tagFile = path.join(directory, 'tag.txt');
    writeFileSync(tagFile, 'id-1\n');
    process.env.TAGGED_TAG_FILE = tagFile;
    writeFileSync(env.RTENV_CONFIG!, JSON.stringify({ plugins: ['./tagged/plugin.mjs'] }));
  });
  afterEach(() => {
    delete process.env.TAGGED_TAG_FILE;
  });
  const runTagged = async () => {
    const io = captureIo({ env, cwd: cliPackageDirectory });
    const code = await runRtenv(['run', '-e', '{"tagged": " app:1 "}', '--', 'true'], io);
    return { code, stderr: io.stderrText() };
  };
  const environmentIdOf = (stderr: string) => /environment ([0-9a-f]{32})/.exec(stderr)?.[1];

  it('serves the recorded environment while the field gives the same URIs, and follows the engine when it moves', async () => {
    const first = await runTagged();
    expect(first.code, first.stderr).toBe(4);
    expect(first.stderr).toContain('fast path missed (document not recorded for this scope)');

    const second = await runTagged();
    expect(second.code, second.stderr).toBe(4);
    expect(second.stderr).toContain('run: fast path re-checked tagged through the launch module');
    expect(second.stderr).toMatch(/importing file:\/\/\S+\/tagged\/launch\.mjs \(its launch module\)/);
    const recorded = environmentIdOf(second.stderr);

    writeFileSync(tagFile, 'id-2\n');
    const moved = await runTagged();
    expect(moved.code, moved.stderr).toBe(4);
    expect(moved.stderr).toContain('fast path missed (tagged now names another environment); loading the engine and plugins');

    const again = await runTagged();
    expect(again.stderr).toContain('run: fast path re-checked tagged');
    expect(environmentIdOf(again.stderr)).not.toBe(recorded);
  });
});
