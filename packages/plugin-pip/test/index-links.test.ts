import { describe, expect, it } from 'vitest';
import { evaluateLink } from '../src/resolver/link-evaluation.js';
import { cleanLinkUrl, IndexUnreadable, linksFromHtml, linksFromJson } from '../src/resolver/project-pages.js';
import { resolveLikePip, type ResolverSources } from '../src/resolver/resolve-like-pip.js';

const page = 'https://index.example/simple/demo/';
const sha = 'a'.repeat(64);

describe('index pages as pip reads them', () => {
  it('reads PEP 503 anchors: hashes, yanked, escaped Requires-Python, PEP 658 metadata, cleaned URLs', () => {
    const html = `<html><body>
      <a href="../../files/demo-1.0-py3-none-any.whl#sha256=${sha}" data-requires-python="&gt;=3.8">demo-1.0</a>
      <a href='https://cdn.example/demo-2.0+local-py3-none-any.whl#md5=abc' data-yanked="">demo-2.0</a>
      <a href="/files/demo-3.0.tar.gz#sha256=${sha}" data-dist-info-metadata="sha256=${'b'.repeat(64)}">demo-3.0</a>
    </body></html>`;
    expect(linksFromHtml(html, page)).toEqual([
      {
        url: 'https://index.example/files/demo-1.0-py3-none-any.whl',
        fileName: 'demo-1.0-py3-none-any.whl',
        sha256: sha,
        otherHash: false,
        requiresPython: '>=3.8',
        yanked: false,
      },
      { url: 'https://cdn.example/demo-2.0%2Blocal-py3-none-any.whl', fileName: 'demo-2.0+local-py3-none-any.whl', otherHash: true, yanked: true },
      {
        url: 'https://index.example/files/demo-3.0.tar.gz',
        fileName: 'demo-3.0.tar.gz',
        sha256: sha,
        otherHash: false,
        yanked: false,
        metadata: { sha256: 'b'.repeat(64) },
      },
    ]);
    expect(() => linksFromHtml('<base href="https://elsewhere/"><a href="x.whl">x</a>', page)).toThrow(IndexUnreadable);
    expect(cleanLinkUrl('file:///opt/files/a b+c.whl')).toBe('file:///opt/files/a%20b%2Bc.whl');
  });

  it('reads PEP 691 JSON', () => {
    const json = JSON.stringify({
      files: [
        {
          filename: 'demo-1.0-py3-none-any.whl',
          url: '../../files/demo-1.0-py3-none-any.whl',
          hashes: { sha256: sha },
          'requires-python': '>=3',
          yanked: 'broken',
          'core-metadata': true,
        },
      ],
    });
    expect(linksFromJson(json, page)).toEqual([
      {
        url: 'https://index.example/files/demo-1.0-py3-none-any.whl',
        fileName: 'demo-1.0-py3-none-any.whl',
        sha256: sha,
        otherHash: false,
        requiresPython: '>=3',
        yanked: true,
        metadata: {},
      },
    ]);
  });
});

describe("pip's link evaluation", () => {
  const ranks = new Map([
    ['cp311-cp311-linux_x86_64', 0],
    ['py3-none-any', 1],
  ]);
  const link = (fileName: string, extra: Record<string, unknown> = {}) => ({
    url: `https://x/${fileName}`,
    fileName,
    otherHash: false,
    yanked: false,
    ...extra,
  });

  it('keeps supported wheels and sdists of the project, ranked as pip ranks them', () => {
    expect(evaluateLink(link('demo-1.0-1b-cp311-cp311-linux_x86_64.whl'), 'demo', ranks, 2, '3.11.7')).toMatchObject({
      version: '1.0',
      priority: 0,
      buildTag: [1, 'b'],
    });
    expect(evaluateLink(link('Demo_Pkg-2.0.tar.gz'), 'demo-pkg', ranks, 2, '3.11.7')).toMatchObject({ version: '2.0', isWheel: false, priority: -2 });
    expect(evaluateLink(link('other-1.0-py3-none-any.whl'), 'demo', ranks, 2, '3.11.7')).toBeUndefined();
    expect(evaluateLink(link('demo-1.0-cp312-cp312-win_amd64.whl'), 'demo', ranks, 2, '3.11.7')).toBeUndefined();
    expect(evaluateLink(link('demo-1.0-py3-none-any.whl', { requiresPython: '>=3.12' }), 'demo', ranks, 2, '3.11.7')).toBeUndefined();
    expect(evaluateLink(link('demo-banana.tar.gz'), 'demo', ranks, 2, '3.11.7')).toBeUndefined();
  });
});

describe('the in-process resolver on one branch (fake index)', () => {
  const sources = (files: { version: string; yanked?: boolean }[]): ResolverSources => ({
    markerEnvironment: { python_version: '3.11', python_full_version: '3.11.7', sys_platform: 'linux', os_name: 'posix' },
    pythonVersion: '3.11.7',
    installed: new Map(),
    constraints: new Map(),
    async candidatesOf(project) {
      return files.map((file) => {
        const fileName = `${project}-${file.version}-py3-none-any.whl`;
        return evaluateLink(
          { url: `https://x/${fileName}`, fileName, sha256: sha, otherHash: false, yanked: file.yanked ?? false },
          project,
          new Map([['py3-none-any', 0]]),
          1,
          '3.11.7',
        )!;
      });
    },
    async metadataOf(candidate, project) {
      return { name: project, version: candidate.version, requiresDist: [], providesExtra: [] };
    },
  });

  it('skips a yanked newest version, as pip does without an exact pin', async () => {
    const pins = await resolveLikePip(['demo'], sources([{ version: '1.0' }, { version: '2.0', yanked: true }]));
    expect(pins.map((pin) => `${pin.project}==${pin.metadata.version}`)).toEqual(['demo==1.0']);
  });

  it('leaves a project whose every file is yanked to pip', async () => {
    await expect(resolveLikePip(['demo==2.0'], sources([{ version: '2.0', yanked: true }]))).rejects.toThrow(/yanked/);
  });
});
