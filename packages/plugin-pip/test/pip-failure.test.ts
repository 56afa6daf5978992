import { describe, expect, it } from 'vitest';
import { indexesPipUsed } from '../src/index-reachability.js';
import { classifyPipFailure } from '../src/pip-failure.js';

const failure = (lines: string[], extra: { signal?: string } = {}) =>
  classifyPipFailure({ step: 'installing the packages', exitCode: extra.signal ? null : 1, signal: extra.signal ?? null, lines });

describe('classifying pip failures', () => {
  it('names a requirement that does not exist, as permanent', () => {
    const error = failure([
      'ERROR: Could not find a version that satisfies the requirement no-such-thing (from versions: none)',
      'ERROR: No matching distribution found for no-such-thing',
    ]);
    expect(error.failureClass).toBe('permanent');
    expect(error.code).toBe('pip_requirement_not_found');
    expect(error.message).toMatch(/no distribution satisfies the requirement "no-such-thing"; the index has no project of that name/);
  });

  it('lists the versions the index has when the pin is unsatisfiable', () => {
    const error = failure([
      'ERROR: Could not find a version that satisfies the requirement tabulate==99 (from versions: 0.8.10, 0.10.0)',
      'ERROR: No matching distribution found for tabulate==99',
    ]);
    expect(error.message).toMatch(/"tabulate==99"; the index has versions 0.8.10, 0.10.0/);
  });

  it('treats an unreachable index as transient even though pip then says "no matching distribution"', () => {
    const error = failure([
      "WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(... [Errno 111] Connection refused)': /simple/tabulate/",
      'ERROR: Could not find a version that satisfies the requirement tabulate (from versions: none)',
      'ERROR: No matching distribution found for tabulate',
    ]);
    expect(error.failureClass).toBe('transient');
    expect(error.code).toBe('pip_index_unreachable');
  });

  it('reports conflicts as permanent with the conflicting lines', () => {
    const error = failure(['The conflict is caused by:', '    a 1.0 depends on b==2', 'ERROR: ResolutionImpossible: for help visit ...']);
    expect(error.failureClass).toBe('permanent');
    expect(error.message).toMatch(/a 1.0 depends on b==2/);
  });

  it('treats a pip killed by a signal as transient', () => {
    expect(failure([], { signal: 'SIGKILL' }).failureClass).toBe('transient');
  });

  it('knows which indexes pip looked in: the ones it named, PyPI by default, none under --no-index', () => {
    expect(indexesPipUsed(['Looking in indexes: http://a/simple, http://b/simple'])).toEqual(['http://a/simple', 'http://b/simple']);
    expect(indexesPipUsed(['Collecting fixture-lib'])).toEqual(['https://pypi.org/simple/']);
    expect(indexesPipUsed(['Looking in links: /tmp/wheels'], true)).toEqual([]);
  });
});
