const unitFactors: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Docker's memory sizes (`512m`, `1.5g`, `2GiB`): units are binary, as in the docker
 * CLI, so `--memory 1g` here means what it means there. Returns undefined when invalid.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const [, amount = '', unit = ''] = match;
  const factor = unitFactors[unit.toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.floor(Number(amount) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
