import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { extractArchive } from '@runtime-env/safe-extract';
import { normalizeProjectName } from '../requirement-lines.js';
import { forEachInBatches } from '../store/file-links.js';
import { markIncomingDone, markIncomingStarted } from '../store/incoming-work.js';
import { recordHash, type RecordLine } from '../store/record-file.js';
import { entryDirectory, type EntryIdentity, type StoreLayout } from '../store/store-layout.js';
import { manifestFileName, markerFile, summaryFileName, type EntrySummary, type StoreManifest } from '../store/store-manifest.js';
import { startBytecodeCompiler, type BytecodeCompiler } from './compile-bytecode.js';
import { parseWheelFile, scriptBody, scriptEntryPoints, supportedWheelVersion } from './wheel-metadata.js';
import { namesGenericPython, placeWheelFile, withoutFirstLine } from './wheel-layout.js';

/** The name this installer writes into `INSTALLER` (the installed-distribution specification). */
export const installerName = 'rtenv';

/** A wheel this installer will not install (pip installs it instead); the reason says why. */
export class WheelNotInstallable extends Error {}

export interface WheelEntryRequest {
  layout: StoreLayout;
  identity: EntryIdentity;
  wheelPath: string;
  /** The interpreter that compiles `.pyc` files (the environment's version: the identity's `interpreterTag`). */
  python: string;
  /** `3.11`, for the headers folder. */
  pythonVersion: string;
  environment: Readonly<Record<string, string>>;
  signal: AbortSignal;
  /** Called once the wheel's files are in place, as the bytecode compiles (in another process): the rest uses little of this one. */
  onUnpacked?: () => void;
}

// A wheel is untrusted input: generous for real projects (a large one has ~30k files, ~1.5 GB), fatal for bombs.
const wheelLimits = { maxExtractedBytes: 16 * 1024 ** 3, maxEntries: 500_000, maxCompressionRatio: 1000 };

/** Files written per environment (never shared): the wheel's own copies are dropped. */
const perEnvironmentFiles = new Set(['INSTALLER', 'REQUESTED', 'RECORD', 'direct_url.json']);

/**
 * Unpacks a wheel once into the distribution store as an entry laid out as in
 * the environment (what `linkDistribution` hard-links), so every later
 * environment needing the same wheel only links. The archive is extracted by
 * safe-extract (every path resolved inside the target, no link followed); the
 * entry is assembled under `incoming/` and appears by one rename, as entries
 * stored from pip's installations do.
 */
export async function entryFromWheel(request: WheelEntryRequest): Promise<{ entry: string; created: boolean }> {
  const { layout, identity, signal } = request;
  const entry = entryDirectory(layout, identity);
  if (
    await readFile(join(entry, manifestFileName)).then(
      () => true,
      () => false,
    )
  )
    return { entry, created: false };
  const incoming = join(layout.incoming, `${basename(entry)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  markIncomingStarted(incoming);
  // Started now, so that Python's start-up overlaps the unpacking.
  const compiler = identity.compiled ? startBytecodeCompiler(request.python, request.environment, signal) : undefined;
  try {
    await mkdir(layout.incoming, { recursive: true });
    const unpacked = join(incoming, 'unpacked');
    const extracted = await extractArchive(request.wheelPath, unpacked, {
      limits: wheelLimits,
      archiveName: basename(request.wheelPath),
      signal,
      digestContents: false,
    });
    const links = extracted.filter((item) => item.kind === 'symlink');
    if (links.length > 0) throw new WheelNotInstallable(`it contains symbolic links (${links[0]?.relativePath}), which wheels do not have`);
    const manifest = await assemble(
      request,
      incoming,
      unpacked,
      extracted.filter((item) => item.kind === 'file').map((item) => item.relativePath),
      compiler,
    );
    await rm(unpacked, { recursive: true, force: true });
    await writeFile(join(incoming, manifestFileName), JSON.stringify(manifest));
    const summary: EntrySummary = { marker: markerFile(manifest), bytes: manifest.bytes };
    await writeFile(join(incoming, summaryFileName), JSON.stringify(summary));
    signal.throwIfAborted();
    await mkdir(dirname(entry), { recursive: true });
    try {
      await rename(incoming, entry);
      return { entry, created: true };
    } catch (error) {
      // Another creation unpacked the same wheel first: its entry is as good as this one.
      if (['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return { entry, created: false };
      throw error;
    }
  } finally {
    compiler?.cancel();
    await rm(incoming, { recursive: true, force: true });
    markIncomingDone(incoming);
  }
}

async function findDistInfo(unpacked: string, name: string): Promise<string> {
  const topLevel = await readdir(unpacked);
  // `{name}-{version}.dist-info`: the version never holds a `-`, the name may (in older wheels).
  const nameOf = (item: string): string => item.slice(0, item.slice(0, -'.dist-info'.length).lastIndexOf('-'));
  const candidates = topLevel.filter((item) => item.endsWith('.dist-info') && normalizeProjectName(nameOf(item)) === name);
  if (candidates.length !== 1) throw new WheelNotInstallable(`it has ${candidates.length} .dist-info folders for ${name} (exactly one expected)`);
  return candidates[0] as string;
}

function metadataName(metadata: string): string | undefined {
  return /^Name:[ \t]*(.+)$/im.exec(metadata.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim();
}

async function assemble(
  request: WheelEntryRequest,
  incoming: string,
  unpacked: string,
  files: readonly string[],
  compiler: BytecodeCompiler | undefined,
): Promise<StoreManifest> {
  const { identity } = request;
  const distInfo = await findDistInfo(unpacked, normalizeProjectName(identity.name));
  const wheelFields = parseWheelFile(await readFile(join(unpacked, distInfo, 'WHEEL'), 'utf8').catch(() => ''));
  if (!supportedWheelVersion(wheelFields))
    throw new WheelNotInstallable(`its Wheel-Version is ${wheelFields.get('wheel-version')?.[0] ?? 'missing'} (this installer reads 1.x)`);
  const metadata = await readFile(join(unpacked, distInfo, 'METADATA'), 'utf8').catch(() => undefined);
  if (metadata === undefined) throw new WheelNotInstallable(`${distInfo}/METADATA is missing`);
  const projectName = metadataName(metadata) ?? identity.name;
  const stem = distInfo.slice(0, -'.dist-info'.length);
  const dataDirectory = files.some((path) => path.startsWith(`${stem}.data/`)) ? `${stem}.data` : undefined;
  const schemes = { sitePackages: identity.sitePackages, headers: posix.join('include', 'site', `python${request.pythonVersion}`, projectName) };

  const placed: { source: string; destination: string }[] = [];
  const scripts: StoreManifest['scripts'] = [];
  const scriptBodies = new Map<string, Buffer>();
  const destinations = new Set<string>();
  for (const path of files) {
    if (dirname(path) === distInfo && perEnvironmentFiles.has(basename(path))) continue;
    const placement = placeWheelFile(path, dataDirectory, schemes);
    if ('refused' in placement) throw new WheelNotInstallable(placement.refused);
    if (destinations.has(placement.destination)) throw new WheelNotInstallable(`two of its files would be installed as ${placement.destination}`);
    destinations.add(placement.destination);
    if (placement.destination.startsWith('bin/')) {
      // A script gets this environment's interpreter when it asks for `#!python`: kept per environment, like console scripts.
      const content = readFileSync(join(unpacked, path));
      const generic = namesGenericPython(content);
      const body = generic ? withoutFirstLine(content) : content;
      scripts.push({ path: placement.destination, mode: 0o755, namesInterpreter: generic });
      scriptBodies.set(placement.destination, body);
    } else placed.push({ source: path, destination: placement.destination });
  }
  const entryPoints = await readFile(join(unpacked, distInfo, 'entry_points.txt'), 'utf8').catch(() => '');
  for (const entryPoint of scriptEntryPoints(entryPoints)) {
    const destination = posix.join('bin', entryPoint.name);
    if (destinations.has(destination)) continue;
    destinations.add(destination);
    scripts.push({ path: destination, mode: 0o755, namesInterpreter: true });
    scriptBodies.set(destination, Buffer.from(scriptBody(entryPoint)));
  }

  const filesRoot = join(incoming, 'files');
  const directories = new Set(placed.map((file) => dirname(join(filesRoot, file.destination))));
  for (const directory of [...directories].sort()) mkdirSync(directory, { recursive: true });
  await forEachInBatches(placed, request.signal, (file) => renameSync(join(unpacked, file.source), join(filesRoot, file.destination)));
  for (const script of scripts) {
    await mkdir(dirname(join(incoming, 'scripts', script.path)), { recursive: true });
    await writeFile(join(incoming, 'scripts', script.path), scriptBodies.get(script.path) as Buffer);
  }

  const installedFiles = placed.map((file) => file.destination);
  request.onUnpacked?.();
  if (compiler) {
    const sources = installedFiles.filter((path) => path.startsWith(`${identity.sitePackages}/`) && path.endsWith('.py')).map((path) => join(filesRoot, path));
    const compiled = await compiler.compile(sources);
    for (const pyc of compiled) installedFiles.push(posix.relative(filesRoot, pyc));
  }

  const record: RecordLine[] = [];
  let bytes = 0;
  await forEachInBatches(installedFiles, request.signal, (path) => {
    const absolute = join(filesRoot, path);
    const stats = lstatSync(absolute);
    // Executable bits as the archive had them; write bits off: the file is shared by every environment linking it.
    chmodSync(absolute, (stats.mode & 0o111 ? 0o755 : 0o644) & ~0o222);
    bytes += stats.blocks * 512;
    record.push({ path: posix.relative(identity.sitePackages, path), hash: recordHash(readFileSync(absolute)), size: String(stats.size) });
  });
  for (const script of scripts) {
    const body = scriptBodies.get(script.path) as Buffer;
    record.push({ path: posix.relative(identity.sitePackages, script.path), hash: recordHash(body), size: String(body.length) });
  }
  record.push({ path: `${distInfo}/INSTALLER`, hash: '', size: '' });
  record.push({ path: `${distInfo}/RECORD`, hash: '', size: '' });
  record.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  return { ...identity, distInfo, files: installedFiles, scripts, record, bytes, installer: installerName };
}
