import { createHash } from 'node:crypto';

/** One line of a `.dist-info/RECORD` file: a path relative to site-packages, its hash and size (both empty for some files). */
export interface RecordLine {
  path: string;
  hash: string;
  size: string;
}

/** `sha256=<urlsafe base64 without padding>`, the form RECORD uses. */
export function recordHash(data: Buffer): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

/** Splits one CSV row as Python's `csv` module writes it (fields quoted when they contain a comma or a quote). */
function splitCsvRow(row: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let position = 0; position < row.length; position += 1) {
    const character = row[position] as string;
    if (quoted) {
      if (character === '"' && row[position + 1] === '"') {
        current += '"';
        position += 1;
      } else if (character === '"') quoted = false;
      else current += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      fields.push(current);
      current = '';
    } else current += character;
  }
  fields.push(current);
  return fields;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function parseRecord(text: string): RecordLine[] {
  return text
    .split(/\r?\n/)
    .filter((row) => row.length > 0)
    .map((row) => {
      const [path = '', hash = '', size = ''] = splitCsvRow(row);
      return { path, hash, size };
    });
}

export function formatRecord(lines: readonly RecordLine[]): string {
  return `${lines.map((line) => [line.path, line.hash, line.size].map(csvField).join(',')).join('\n')}\n`;
}
