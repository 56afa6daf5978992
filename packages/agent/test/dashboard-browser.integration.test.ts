// The dashboard in a real browser (Debian's Chromium, driven by playwright-core)
// against a real agent process with real plugins. Every wait is for a condition
// on the page or the agent; screenshots of each view go to test-artifacts/dashboard.
/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, AgentRequestError } from '@runtime-env/client';
import { makeAgentWorkspace, slowStepPlugin, spawnAgentProcess, type AgentProcess } from './support/agent-process.js';
import { launchChromium, saveScreenshot } from './support/browser.js';
import { EventStreamReader } from './support/event-stream-reader.js';
import agentPackage from '../package.json' with { type: 'json' };

const TOKEN = 'dashboard-test-token-5f1c9e0a7b3d';
const SECRET = 'swordfish-secret-value-90210';
const cliMain = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));

let workspace: Awaited<ReturnType<typeof makeAgentWorkspace>>;
let agent: AgentProcess;
let client: AgentClient;
let browser: Browser;
let emptyWheelDirectory: string;
let projectDirectory: string;

beforeAll(async () => {
  emptyWheelDirectory = await mkdtemp(path.join(tmpdir(), 'rtenv-dashboard-wheels-'));
  projectDirectory = await mkdtemp(path.join(tmpdir(), 'rtenv-dashboard-project-'));
  await writeFile(path.join(projectDirectory, 'main.py'), 'print("hello")\n');
  workspace = await makeAgentWorkspace({
    plugins: ['@runtime-env/plugin-env-vars', '@runtime-env/plugin-working-dir', '@runtime-env/plugin-pip', [slowStepPlugin, { delayMs: 2_500 }]],
    // Any unreferenced slow_step URI is over this budget, so a plain collection has something to preview.
    budgets: { perPlugin: { slow_step: 1 } },
  });
  await writeFile(path.join(workspace.directory, 'token'), `${TOKEN}\n`, { mode: 0o600 });
  agent = await spawnAgentProcess(workspace.configPath, ['--agent-token-file', path.join(workspace.directory, 'token')], { PIP_CONFIG_FILE: '/dev/null' });
  client = new AgentClient({ url: agent.url, token: TOKEN });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  client?.close();
  agent?.child.kill('SIGTERM');
  await agent?.exited;
  await workspace?.remove();
  await rm(emptyWheelDirectory, { recursive: true, force: true });
  await rm(projectDirectory, { recursive: true, force: true });
});

const pageErrors: string[] = [];

/** A new tab on the dashboard; `beforeLoad` runs before the page is requested (to watch its network from the start). */
async function openDashboard(url: string, hash = '#/', beforeLoad?: (page: Page) => void): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  beforeLoad?.(page);
  await page.goto(`${url}/${hash}`);
  return page;
}

afterAll(() => {
  expect(pageErrors).toEqual([]);
});

async function waitForLiveTable(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="connection"][data-connected="true"]');
}

describe('the dashboard in Chromium', () => {
  it('shows an environment created through the API without a reload', async () => {
    const page = await openDashboard(agent.url);
    try {
      await waitForLiveTable(page);
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      const created = await client.getOrCreate({ runtimeEnv: { working_dir: projectDirectory, env_vars: { MODE: 'live' } }, owner: 'job-live' });
      const row = page.locator(`[data-env-id="${created.environment.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('ready');
      expect((await row.locator('.col-fields').textContent())!.split(', ').sort()).toEqual(['env_vars', 'working_dir']);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      await saveScreenshot(page, 'environments');
    } finally {
      await page.close();
    }
  });

  it("shows a failed environment with its message, the plugin's own hint and the setup log", async () => {
    const failingDocument = {
      pip: { packages: ['no-such-distribution-for-rtenv'], pip_install_options: ['--no-index', '--find-links', emptyWheelDirectory] },
      env_vars: { FAILING_TOKEN: SECRET },
    };
    const failure = await client.getOrCreate({ runtimeEnv: failingDocument, owner: 'job-fail' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AgentRequestError);
    const id = (failure as AgentRequestError).details.environmentId!;
    // The API's answer carries the plugin's hint too, not only the record.
    expect((failure as AgentRequestError).details.hint).toContain('fix the name or version in the pip field');
    const page = await openDashboard(agent.url, `#/env/${id}`);
    try {
      const failureBlock = page.locator('[data-testid="failure"]');
      await failureBlock.waitFor();
      expect(await failureBlock.locator('.failure-message').textContent()).toContain('no-such-distribution-for-rtenv');
      // The pip plugin's hint for a requirement no index has, as the agent recorded it: not one the page wrote.
      const recorded = (await client.getEnvironment(id)).error;
      expect(recorded).toMatchObject({ plugin: 'pip', hook: 'create', hint: expect.stringContaining('fix the name or version in the pip field') });
      expect(await failureBlock.getByTestId('failure-hint').textContent()).toBe(`What to do: ${recorded!.hint}`);
      expect(await page.content()).not.toContain(SECRET);
      await page.waitForFunction(() => (document.querySelector('[data-testid="setup-log"]')?.textContent ?? '').includes('no-such-distribution-for-rtenv'));
      expect(await page.locator('[data-testid="detail-state"]').textContent()).toBe('failed');
      const command = (await page.locator('[data-testid="reproduce"]').textContent())!;
      // A failed environment's command tries it again (--retry) under the config it failed with.
      const quoted = /^rtenv run --retry --runtime-env '(.*)' -- /.exec(command)![1]!;
      const shown = await client.getEnvironment(id);
      expect(JSON.parse(quoted)).toEqual({ ...shown.runtimeEnv, config: shown.config });
      await saveScreenshot(page, 'environment-failed');
      await page.goto(`${agent.url}/#/`);
      await page.waitForSelector(`[data-env-id="${id}"][data-state="failed"]`);
      // Filtered by state, then by field, the table keeps only the matching rows.
      await page.getByTestId('state-filter').selectOption('failed');
      await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-env-id]')).every((row) => row.getAttribute('data-state') === 'failed'));
      expect(await page.locator('[data-env-id]').count()).toBe(1);
      await page.getByTestId('state-filter').selectOption('');
      await page.getByTestId('field-filter').selectOption('working_dir');
      await page.waitForFunction(() => document.querySelectorAll('[data-env-id]').length === 1);
      expect((await page.locator('[data-env-id] .col-fields').textContent())!).toContain('working_dir');
      await page.getByTestId('field-filter').selectOption('');
      // Sorted by size, largest first after a second click.
      await page.locator('[data-sort="sizeBytes"]').click();
      await page.locator('[data-sort="sizeBytes"]').click();
      await page.waitForSelector('[data-sort="sizeBytes"][aria-sort="descending"]');
      expect(await page.locator('[data-env-id]').first().getAttribute('data-env-id')).not.toBe(id);
      expect(await page.locator('[data-env-id]').last().getAttribute('data-env-id')).toBe(id);
    } finally {
      await page.close();
    }
  });

  it('never puts a secret env_vars value in the DOM or in any answer the page receives', async () => {
    const created = await client.getOrCreate({ runtimeEnv: { env_vars: { API_TOKEN: SECRET } }, owner: 'job-secret' });
    // The page's event stream never ends, so its bytes are read through the same endpoint here.
    const stream = await EventStreamReader.open(`${agent.url}/v1/events`);
    const bodies: Promise<string>[] = [];
    const page = await openDashboard(agent.url, '#/', (tab) =>
      tab.on('response', (response) => {
        if (!(response.headers()['content-type'] ?? '').includes('text/event-stream')) bodies.push(response.text());
      }),
    );
    try {
      await waitForLiveTable(page);
      await page.locator(`[data-env-id="${created.environment.id}"] a`).click();
      await page.waitForSelector('[data-testid="document"]');
      expect(await page.locator('[data-testid="document"]').textContent()).toContain('"API_TOKEN": "***"');
      await page.waitForFunction(() => !(document.querySelector('[data-testid="setup-log"]')?.textContent ?? '').startsWith('loading'));
      await saveScreenshot(page, 'environment');
      await stream.next((event) => event.event === 'snapshot');
      expect(await page.content()).not.toContain(SECRET);
      expect(await page.evaluate(() => document.documentElement.outerHTML + document.body.textContent)).not.toContain(SECRET);
      const answers = await Promise.all(bodies);
      expect(answers.length).toBeGreaterThan(2);
      for (const body of answers) expect(body).not.toContain(SECRET);
      expect(stream.raw.join('')).not.toContain(SECRET);
    } finally {
      stream.close();
      await page.close();
    }
  });

  it('shows a slow creation with its progress bar moving, then ready', async () => {
    const page = await openDashboard(agent.url);
    try {
      await waitForLiveTable(page);
      const pending = await client.startCreating({ runtimeEnv: { slow_step: { label: 'moving' } }, owner: 'job-slow' });
      const row = page.locator(`[data-env-id="${pending.environment.id}"]`);
      const bar = row.locator('[data-testid="progress"]');
      await bar.waitFor();
      const progressValue = async (): Promise<number> => Number((await bar.getAttribute('value')) ?? '0');
      await page.waitForFunction(
        (id) => Number(document.querySelector(`[data-env-id="${id}"] progress`)?.getAttribute('value') ?? 0) > 0,
        pending.environment.id,
      );
      const first = await progressValue();
      expect(await row.locator('[data-testid="phase"]').textContent()).toContain('slow_step: working');
      await saveScreenshot(page, 'environments-creating');
      await page.waitForFunction(
        ([id, before]) => Number(document.querySelector(`[data-env-id="${id}"] progress`)?.getAttribute('value') ?? 0) > Number(before),
        [pending.environment.id, first] as const,
      );
      await page.waitForSelector(`[data-env-id="${pending.environment.id}"][data-state="ready"]`);
      expect(await row.locator('[data-testid="progress"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('previews exactly what `rtenv gc --dry-run` lists, and collects with the token', async () => {
    const made = await client.getOrCreate({ runtimeEnv: { slow_step: { label: 'collect-me' } }, owner: 'job-gc' });
    await client.release(made.environment.id, 'job-gc');
    const cli = await runCli(['gc', '--dry-run', '--json', '--config', workspace.configPath]);
    const listed = (JSON.parse(cli) as { removed: { uri: string }[] }).removed.map((entry) => entry.uri).sort();
    expect(listed.length).toBeGreaterThan(0);

    const page = await openDashboard(agent.url, '#/gc');
    try {
      await page.waitForSelector('[data-testid="gc-candidates"]');
      const shown = (
        await page.locator('[data-testid="gc-candidates"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-uri')!))
      ).sort();
      expect(shown).toEqual(listed);
      await saveScreenshot(page, 'gc');

      await page.getByTestId('gc-run').click();
      await page.getByTestId('token-prompt').waitFor();
      await page.getByTestId('token-input').fill(TOKEN);
      await page.getByTestId('token-submit').click();
      // Once the agent has taken the token, the press goes on to collect.
      await page.waitForFunction(() => document.querySelector('[data-testid="gc-summary"]')?.textContent === 'Nothing would be removed.');
      expect(JSON.parse(await runCli(['gc', '--dry-run', '--json', '--config', workspace.configPath])).removed).toEqual([]);
      expect(page.url()).not.toContain(TOKEN);
    } finally {
      await page.close();
    }
  });

  it('pins and unpins with the token kept in the session, and shows the disk and agent views', async () => {
    const made = await client.getOrCreate({ runtimeEnv: { env_vars: { PIN: 'me' } }, owner: 'job-pin' });
    const page = await openDashboard(agent.url, `#/env/${made.environment.id}`);
    try {
      await page.getByTestId('pin').click();
      await page.getByTestId('token-input').fill(TOKEN);
      await page.getByTestId('token-submit').click();
      await page.getByTestId('unpin').waitFor();
      expect((await client.getEnvironment(made.environment.id)).pinned).toBe(true);
      expect(await page.evaluate(() => sessionStorage.getItem('rtenv-agent-token'))).toBe(TOKEN);
      await page.getByTestId('unpin').click();
      await page.getByTestId('pin').waitFor();
      expect((await client.getEnvironment(made.environment.id)).pinned).toBe(false);

      await page.goto(`${agent.url}/#/disk`);
      await page.waitForSelector('[data-testid="disk-plugin"][data-plugin="slow_step"]');
      const plugins = await page.locator('[data-testid="disk-plugin"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-plugin')));
      expect(plugins).toEqual(expect.arrayContaining(['env_vars', 'working_dir', 'pip', 'slow_step']));
      await saveScreenshot(page, 'disk');

      await page.goto(`${agent.url}/#/agent`);
      await page.waitForSelector('[data-testid="plugins"] tr[data-plugin="slow_step"]');
      // Field, package, version: the fixture plugin lives in the agent's package.
      const slowStepCells = page.locator('[data-testid="plugins"] tr[data-plugin="slow_step"] td');
      expect(await slowStepCells.nth(1).textContent()).toBe('@runtime-env/agent');
      expect(await slowStepCells.nth(2).textContent()).toBe(agentPackage.version);
      await page.waitForSelector('[data-testid="request-rates"] tr[data-route="envs"]');
      await saveScreenshot(page, 'agent');
    } finally {
      await page.close();
    }
  });
});

describe('the dashboard of an agent on the network', () => {
  let networkAgent: AgentProcess;
  let networkWorkspace: Awaited<ReturnType<typeof makeAgentWorkspace>>;

  beforeAll(async () => {
    networkWorkspace = await makeAgentWorkspace({ plugins: ['@runtime-env/plugin-env-vars'] });
    await mkdir(networkWorkspace.directory, { recursive: true });
    networkAgent = await spawnAgentProcess(networkWorkspace.configPath, ['--host', '0.0.0.0'], { RTENV_AGENT_TOKEN: TOKEN });
  });

  afterAll(async () => {
    networkAgent?.child.kill('SIGTERM');
    await networkAgent?.exited;
    await networkWorkspace?.remove();
  });

  it('without a token shows the prompt and no data; with it, the environments', async () => {
    const port = new URL(networkAgent.url).port;
    const url = `http://127.0.0.1:${port}`;
    const networkClient = new AgentClient({ url, token: TOKEN });
    const created = await networkClient.getOrCreate({ runtimeEnv: { env_vars: { VISIBLE: 'after-token' } }, owner: 'job-net' });
    networkClient.close();
    const answered: { url: string; status: number }[] = [];
    const page = await openDashboard(url, '#/', (tab) => tab.on('response', (response) => answered.push({ url: response.url(), status: response.status() })));
    try {
      await page.getByTestId('token-prompt').waitFor();
      await saveScreenshot(page, 'token-prompt');
      expect(await page.locator('[data-env-id]').count()).toBe(0);
      expect(await page.content()).not.toContain(created.environment.id);
      expect(answered.filter((answer) => answer.url.includes('/v1/') && answer.status === 200)).toEqual([]);

      await page.getByTestId('token-input').fill('not-the-token-0000000000');
      await page.getByTestId('token-submit').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="token-error"]')?.textContent === 'The agent refused this token.');
      await page.getByTestId('token-input').fill(TOKEN);
      await page.getByTestId('token-submit').click();
      await page.locator(`[data-env-id="${created.environment.id}"]`).waitFor();
      expect(page.url()).not.toContain(TOKEN);
      expect(await page.evaluate(() => sessionStorage.getItem('rtenv-agent-token'))).toBe(TOKEN);
    } finally {
      await page.close();
    }
  });
});

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cliMain, ...args], {
      cwd: path.dirname(cliMain),
      env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`rtenv ${args.join(' ')} exited ${code}:\n${stderr}`))));
  });
}
