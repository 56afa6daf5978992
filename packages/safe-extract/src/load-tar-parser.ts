type TarParser = typeof import('tar').Parser;
let parser: Promise<TarParser> | undefined;

/** node-tar's parser, loaded on the first extraction: hashing and validating never need it. */
export function loadTarParser(): Promise<TarParser> {
  const loading = (parser ??= import('tar').then((tar) => tar.Parser));
  // A failed load (a broken install) is not kept, so a repaired install is picked up without a restart.
  loading.catch(() => {
    if (parser === loading) parser = undefined;
  });
  return loading;
}
