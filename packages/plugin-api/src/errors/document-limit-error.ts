import { RuntimeEnvError } from './runtime-env-error.js';

/** Which limit of a runtime_env document was exceeded. */
export type DocumentLimit = 'depth' | 'size';

/**
 * A runtime_env document beyond the core's limits (see `document-limits.ts`),
 * refused before anything walks it. The CLI exits 2; the agent answers 400 for
 * depth and 413 for size.
 */
export class DocumentLimitError extends RuntimeEnvError {
  readonly limit: DocumentLimit;
  readonly maximum: number;

  constructor(limit: DocumentLimit, maximum: number, where: string) {
    const message =
      limit === 'depth'
        ? `${where} is nested more than ${maximum} levels deep (the depth limit of a runtime_env document is ${maximum})`
        : `${where} is larger than ${maximum} bytes (the size limit of a runtime_env document is ${maximum} bytes)`;
    const hint =
      limit === 'depth' ? 'a runtime_env nests a few levels at most; check how the document was generated' : 'send paths or URIs instead of file contents';
    super(limit === 'depth' ? 'document_too_deep' : 'document_too_large', message, { hint });
    this.limit = limit;
    this.maximum = maximum;
  }
}
