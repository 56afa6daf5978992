import { DocumentLimitError } from '@runtime-env/plugin-api';

/**
 * How deeply a runtime_env document may nest: the document object is level 1, so
 * `{"env_vars": {"A": "1"}}` is 2 deep. Real documents stay under 10 levels; the
 * limit keeps every walk of a document (validation, canonical JSON,
 * `JSON.stringify`) far from the stack's end, which V8 reaches at a few thousand.
 */
export const MAXIMUM_DOCUMENT_DEPTH = 64;

/**
 * How large a runtime_env document may be, as UTF-8 JSON text. Ray documents no
 * limit. 20,000 env_vars take about 0.5 MiB; the rest is room for long package
 * lists, while a document that is really a file's contents is refused.
 */
export const MAXIMUM_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** Refuses a document nested deeper than the limit, walking it without recursion. */
export function checkDocumentDepth(document: unknown, where = 'the runtime_env document'): void {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: document, depth: 1 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAXIMUM_DOCUMENT_DEPTH) throw new DocumentLimitError('depth', MAXIMUM_DOCUMENT_DEPTH, where);
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: depth + 1 });
    }
  }
}

/** Refuses document text larger than the limit; `byteLength` is of its UTF-8 form. */
export function checkDocumentSize(byteLength: number, where = 'the runtime_env document'): void {
  if (byteLength > MAXIMUM_DOCUMENT_BYTES) throw new DocumentLimitError('size', MAXIMUM_DOCUMENT_BYTES, where);
}
