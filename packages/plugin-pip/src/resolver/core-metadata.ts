/** The fields of a distribution's core metadata the resolver reads. */
export interface CoreMetadata {
  name: string;
  version: string;
  requiresDist: string[];
  providesExtra: string[];
  requiresPython?: string;
}

/**
 * Parses the header block of a METADATA file as Python's email parser does for
 * these fields (a folded line continues the previous value). Returns undefined
 * when Name or Version is missing.
 */
export function parseCoreMetadata(text: string): CoreMetadata | undefined {
  const headers = text.replace(/\r\n/g, '\n').split(/\n\n/)[0] ?? '';
  const fields: [string, string][] = [];
  for (const line of headers.split('\n')) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1] as [string, string];
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const all = (field: string): string[] => fields.filter(([key]) => key === field).map(([, value]) => value);
  const [name] = all('name');
  const [version] = all('version');
  if (!name || !version) return undefined;
  const [requiresPython] = all('requires-python');
  return { name, version, requiresDist: all('requires-dist'), providesExtra: all('provides-extra'), ...(requiresPython ? { requiresPython } : {}) };
}
