import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One file an index lists for a project (PEP 503 anchor or PEP 691 entry). */
export interface IndexLink {
  /** Absolute, cleaned as pip cleans it, without the fragment. */
  url: string;
  fileName: string;
  sha256?: string;
  /** The fragment named another hash (md5...): pip would check that one. */
  otherHash: boolean;
  requiresPython?: string;
  yanked: boolean;
  /** PEP 658/714: the core metadata is served beside the file (`<url>.metadata`), with this sha256 if given. */
  metadata?: { sha256?: string };
}

export class IndexUnreadable extends Error {}

const unreserved = /[A-Za-z0-9_.~-]/;

/** pip's `_clean_link`: each path part unquoted and quoted again (so `+` becomes `%2B`), `@` and `%2F` kept. */
export function cleanLinkUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname
    .split(/(@|%2F)/i)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : [...safeDecode(part)]
            .map((character) =>
              character === '/' || unreserved.test(character)
                ? character
                : encodeURIComponent(character).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
            )
            .join(''),
    )
    .join('');
  return `${parsed.protocol}//${parsed.host}${path}${parsed.search}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    return String.fromCodePoint(lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1)));
  });
}

function linkFrom(href: string, pageUrl: string, attributes: { requiresPython?: string; yanked: boolean; metadata?: string }): IndexLink {
  const absolute = new URL(href, pageUrl);
  const fragment = absolute.hash.slice(1);
  absolute.hash = '';
  const url = cleanLinkUrl(absolute.href);
  const hash = /(sha512|sha384|sha256|sha224|sha1|md5)=([a-f0-9]+)/.exec(fragment);
  const metadataHash = attributes.metadata ? /^sha256=([a-f0-9]+)$/.exec(attributes.metadata) : null;
  return {
    url,
    fileName: decodeURIComponent(url.split('/').pop() ?? ''),
    ...(hash?.[1] === 'sha256' ? { sha256: hash[2] } : {}),
    otherHash: hash !== null && hash[1] !== 'sha256',
    ...(attributes.requiresPython ? { requiresPython: attributes.requiresPython } : {}),
    yanked: attributes.yanked,
    ...(attributes.metadata !== undefined && attributes.metadata !== 'false' ? { metadata: metadataHash ? { sha256: metadataHash[1] } : {} } : {}),
  };
}

/** PEP 503 HTML: every `<a href>`; a `<base>` element (which pip honours) is refused rather than guessed. */
export function linksFromHtml(html: string, pageUrl: string): IndexLink[] {
  if (/<base[\s>]/i.test(html)) throw new IndexUnreadable(`${pageUrl} has a <base> element`);
  const links: IndexLink[] = [];
  for (const anchor of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attributes = new Map<string, string>();
    for (const attribute of (anchor[1] as string).matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      attributes.set((attribute[1] as string).toLowerCase(), decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''));
    }
    const href = attributes.get('href');
    if (!href) continue;
    const metadata = attributes.get('data-core-metadata') ?? attributes.get('data-dist-info-metadata');
    links.push(
      linkFrom(href, pageUrl, {
        ...(attributes.get('data-requires-python') ? { requiresPython: attributes.get('data-requires-python') as string } : {}),
        yanked: attributes.has('data-yanked'),
        ...(metadata !== undefined ? { metadata } : {}),
      }),
    );
  }
  return links;
}

interface JsonFile {
  filename?: string;
  url?: string;
  hashes?: Record<string, string>;
  'requires-python'?: string;
  yanked?: boolean | string;
  'core-metadata'?: boolean | Record<string, string>;
  'dist-info-metadata'?: boolean | Record<string, string>;
}

/** PEP 691 JSON. */
export function linksFromJson(text: string, pageUrl: string): IndexLink[] {
  const document = JSON.parse(text) as { files?: JsonFile[] };
  return (document.files ?? []).map((file) => {
    const hashes = file.hashes ?? {};
    const metadata = file['core-metadata'] ?? file['dist-info-metadata'];
    const href = `${file.url ?? ''}${hashes.sha256 ? `#sha256=${hashes.sha256}` : Object.keys(hashes).length > 0 ? '#other=1' : ''}`;
    const link = linkFrom(href, pageUrl, {
      ...(file['requires-python'] ? { requiresPython: file['requires-python'] } : {}),
      yanked: file.yanked !== undefined && file.yanked !== false,
      ...(metadata === undefined || metadata === false
        ? {}
        : { metadata: typeof metadata === 'object' && metadata.sha256 ? `sha256=${metadata.sha256}` : 'true' }),
    });
    return { ...link, otherHash: !hashes.sha256 && Object.keys(hashes).length > 0 };
  });
}

/**
 * The files an index lists for a project, as pip reads its page:
 * `<index>/<normalized name>/` (a `file://` folder's `index.html`), PEP 691 JSON
 * or PEP 503 HTML by the answer's content type. No page is no files.
 */
export async function projectLinks(indexUrl: string, projectName: string, signal: AbortSignal): Promise<IndexLink[]> {
  const pageUrl = `${indexUrl.replace(/\/+$/, '')}/${encodeURIComponent(projectName)}/`;
  if (pageUrl.startsWith('file:')) {
    const folder = fileURLToPath(pageUrl);
    const isFolder = await stat(folder).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      const exists = await stat(folder.replace(/\/$/, '')).then(
        () => true,
        () => false,
      );
      if (exists) throw new IndexUnreadable(`${pageUrl} is a file, not a project folder`);
      return [];
    }
    const html = await readFile(`${folder}index.html`, 'utf8').catch(() => undefined);
    return html === undefined ? [] : linksFromHtml(html, `${pageUrl}index.html`);
  }
  if (!pageUrl.startsWith('http:') && !pageUrl.startsWith('https:')) throw new IndexUnreadable(`${indexUrl} is neither file:// nor http(s)://`);
  const response = await fetch(pageUrl, {
    signal,
    headers: { Accept: 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01', 'Cache-Control': 'max-age=0' },
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new IndexUnreadable(`GET ${pageUrl} answered HTTP ${response.status}`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = await response.text();
  if (type === 'application/vnd.pypi.simple.v1+json') return linksFromJson(text, response.url || pageUrl);
  if (type === 'text/html' || type === 'application/vnd.pypi.simple.v1+html') return linksFromHtml(text, response.url || pageUrl);
  throw new IndexUnreadable(`${pageUrl} answered with content type ${type}`);
}
