interface ArchiveLibraries {
  Decompress: typeof import('fzstd').Decompress;
  unbzip2Stream: typeof import('unbzip2-stream').default;
  yauzl: typeof import('yauzl');
}

let libraries: Promise<ArchiveLibraries> | undefined;

/**
 * The decompressors and archive readers, loaded when the first package is
 * extracted: together they cost about 60 ms at import, which every process that
 * imports the plugin only to validate documents would pay otherwise.
 */
export function loadArchiveLibraries(): Promise<ArchiveLibraries> {
  const loading = (libraries ??= Promise.all([import('fzstd'), import('unbzip2-stream'), import('yauzl')]).then(([fzstd, unbzip2Stream, yauzl]) => ({
    Decompress: fzstd.Decompress,
    unbzip2Stream: unbzip2Stream.default,
    yauzl: yauzl.default,
  })));
  // A failed load (a broken install) is not kept, so a repaired install is picked up without a restart.
  loading.catch(() => {
    if (libraries === loading) libraries = undefined;
  });
  return loading;
}
