/**
 * JSON with object keys sorted at every level and no whitespace: the one textual
 * form of a value, so formatting and key order never split identical environments
 * (they do in Ray, where the serialized string is the cache key).
 *
 * Written out with an explicit stack rather than by recursion, and not through
 * `JSON.stringify` of the whole value, which recurses too: both overflow the stack
 * on a document nested a few thousand levels deep, and this runs on documents
 * before they are validated (the memo key of the cached path). The output is what
 * `JSON.stringify` gives for the same value with its keys sorted.
 */
export function canonicalJson(value: unknown): string {
  if (!isContainer(value)) return JSON.stringify(value);
  const parts: string[] = [];
  const open: ContainerFrame[] = [];
  const enter = (container: object): void => {
    parts.push(Array.isArray(container) ? '[' : '{');
    open.push(frameOf(container));
  };
  enter(value);
  while (open.length > 0) {
    const frame = open[open.length - 1]!;
    if (frame.next === frame.values.length) {
      parts.push(frame.keys === undefined ? ']' : '}');
      open.pop();
      continue;
    }
    if (frame.next > 0) parts.push(',');
    if (frame.keys !== undefined) parts.push(JSON.stringify(frame.keys[frame.next]), ':');
    const entry = frame.values[frame.next];
    frame.next += 1;
    if (isContainer(entry)) enter(entry);
    // In a list, what JSON cannot hold (undefined, a function) is written as null.
    else parts.push(JSON.stringify(entry) ?? 'null');
  }
  return parts.join('');
}

interface ContainerFrame {
  /** Sorted keys of an object; undefined for a list. */
  keys: string[] | undefined;
  values: unknown[];
  next: number;
}

function frameOf(container: object): ContainerFrame {
  // `Array.from` turns holes into undefined, as `JSON.stringify` treats them.
  if (Array.isArray(container)) return { keys: undefined, values: Array.from(container as unknown[]), next: 0 };
  const record = container as Record<string, unknown>;
  // The order of an object built by inserting the sorted keys, as environment ids
  // have always been computed: integer-like keys first, by value, and no
  // `__proto__` (assigning it sets a prototype instead of adding a key).
  const order: Record<string, true> = {};
  for (const key of Object.keys(record).sort()) {
    // A member JSON cannot hold is left out, as `JSON.stringify` leaves it out.
    if (isJsonMember(record[key])) order[key] = true;
  }
  const keys = Object.keys(order);
  return { keys, values: keys.map((key) => record[key]), next: 0 };
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

function isJsonMember(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
