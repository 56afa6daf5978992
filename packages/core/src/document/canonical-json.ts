/**
 * JSON with object keys sorted at every level and no whitespace: the one textual
 * form of a value, so formatting and key order never split identical environments
 * (they do in Ray, where the serialized string is the cache key). The output is
 * `JSON.stringify` of a copy whose keys were inserted in sorted order.
 *
 * Nothing here recurses: this runs on documents before they are validated (the
 * memo key of the cached path), and a document nested a few thousand levels deep
 * would overflow the stack. The copy is made with an explicit stack; only a copy
 * shallow enough is handed to `JSON.stringify` (fast, but recursive), a deeper one
 * is written out by `writeDeepJson`.
 */
export function canonicalJson(value: unknown): string {
  const { copy, depth } = sortedCopy(value);
  return depth <= SAFE_STRINGIFY_DEPTH ? JSON.stringify(copy) : writeDeepJson(copy);
}

/** Far above any valid document's depth, far below where V8's `JSON.stringify` overflows (a few thousand). */
const SAFE_STRINGIFY_DEPTH = 256;

/**
 * The value with every object rebuilt by inserting its keys in sorted order, as
 * environment ids have always been computed: integer-like keys then come first,
 * by value; undefined members are dropped; a `__proto__` key sets the copy's
 * prototype instead of adding a member, so it is not written.
 */
function sortedCopy(value: unknown): { copy: unknown; depth: number } {
  if (!isContainer(value)) return { copy: value, depth: 0 };
  const root = emptyLike(value);
  const pending: Array<{ source: object; target: Record<string, unknown>; depth: number }> = [{ source: value, target: root, depth: 1 }];
  let deepest = 1;
  while (pending.length > 0) {
    const { source, target, depth } = pending.pop()!;
    deepest = Math.max(deepest, depth);
    const record = source as Record<string, unknown>;
    const keys = Array.isArray(source) ? Array.from(source.keys(), String) : Object.keys(source).sort();
    for (const key of keys) {
      const entry = record[key];
      if (entry === undefined && !Array.isArray(source)) continue;
      if (!isContainer(entry)) {
        target[key] = entry;
        continue;
      }
      const child = emptyLike(entry);
      target[key] = child;
      pending.push({ source: entry, target: child, depth: depth + 1 });
    }
  }
  return { copy: root, depth: deepest };
}

/** `JSON.stringify` of a sorted copy, without recursion. */
function writeDeepJson(copy: unknown): string {
  const parts: string[] = [];
  const open: Array<{ keys: string[] | undefined; values: unknown[]; next: number }> = [];
  const enter = (container: object): void => {
    if (Array.isArray(container)) {
      parts.push('[');
      open.push({ keys: undefined, values: Array.from(container as unknown[]), next: 0 });
      return;
    }
    const record = container as Record<string, unknown>;
    // A member JSON cannot hold is left out, as `JSON.stringify` leaves it out.
    const keys = Object.keys(record).filter((key) => typeof record[key] !== 'function' && typeof record[key] !== 'symbol');
    parts.push('{');
    open.push({ keys, values: keys.map((key) => record[key]), next: 0 });
  };
  if (!isContainer(copy)) return JSON.stringify(copy);
  enter(copy);
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

function emptyLike(container: object): Record<string, unknown> {
  return (Array.isArray(container) ? new Array<unknown>(container.length) : {}) as Record<string, unknown>;
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
