import { describe, expect, it } from 'vitest';
import { absolutizeLine, canonicalRequirement, relativeTo, parseIncludeLine, stripComment } from '../src/requirement-lines.js';

describe('requirement lines', () => {
  it('canonicalizes names as PEP 503 does and keeps URLs, options and markers intact', () => {
    expect(canonicalRequirement('Django_REST.framework  ~= 3.14')).toBe('django-rest-framework~=3.14');
    expect(canonicalRequirement('Pkg @ https://host/pkg-1.0.whl')).toBe('pkg @ https://host/pkg-1.0.whl');
    expect(canonicalRequirement('--index-url http://127.0.0.1/simple/')).toBe('--index-url http://127.0.0.1/simple/');
    expect(canonicalRequirement('git+https://host/repo.git#egg=x')).toBe('git+https://host/repo.git#egg=x');
    expect(canonicalRequirement('x>=1 ;  sys_platform == "linux"')).toBe('x>=1; sys_platform == "linux"');
  });

  it('recognizes every spelling of -r and -c', () => {
    expect(parseIncludeLine('-r base.txt')).toEqual({ kind: 'requirement', path: 'base.txt' });
    expect(parseIncludeLine('-rbase.txt')).toEqual({ kind: 'requirement', path: 'base.txt' });
    expect(parseIncludeLine('--requirement=base.txt')).toEqual({ kind: 'requirement', path: 'base.txt' });
    expect(parseIncludeLine('--constraint c.txt')).toEqual({ kind: 'constraint', path: 'c.txt' });
    expect(parseIncludeLine('requests')).toBeUndefined();
  });

  it('makes relative include and local paths absolute, but leaves variables and names alone', () => {
    expect(absolutizeLine('-r base.txt', relativeTo('/project'))).toBe('-r /project/base.txt');
    expect(absolutizeLine('--constraint=../c.txt', relativeTo('/project/sub'))).toBe('-c /project/c.txt');
    expect(absolutizeLine('-r ${HOME}/base.txt', relativeTo('/project'))).toBe('-r ${HOME}/base.txt');
    expect(absolutizeLine('./dist/x-1.0-py3-none-any.whl', relativeTo('/project'))).toBe('/project/dist/x-1.0-py3-none-any.whl');
    expect(absolutizeLine('-e ../lib', relativeTo('/project/app'))).toBe('-e /project/lib');
    expect(absolutizeLine('requests', relativeTo('/project'))).toBe('requests');
  });

  it('makes a direct reference to a relative local path absolute (name @ file:./x), leaving absolute and remote ones alone', () => {
    expect(absolutizeLine('mypkg @ file:./mypkg', relativeTo('/project'))).toBe('mypkg @ file:///project/mypkg');
    expect(absolutizeLine('my-pkg[cli] @ file:../dist/my_pkg-1.0-py3-none-any.whl ; python_version>"3"', relativeTo('/project/app'))).toBe(
      'my-pkg[cli] @ file:///project/dist/my_pkg-1.0-py3-none-any.whl ; python_version>"3"',
    );
    expect(absolutizeLine('mypkg @ file:///srv/mypkg', relativeTo('/project'))).toBe('mypkg @ file:///srv/mypkg');
    expect(absolutizeLine('mypkg @ https://host/mypkg-1.0.tar.gz', relativeTo('/project'))).toBe('mypkg @ https://host/mypkg-1.0.tar.gz');
  });

  it('strips comments the way pip does: only after whitespace', () => {
    expect(stripComment('requests  # http')).toBe('requests');
    expect(stripComment('pkg @ https://host/x.whl#sha256=abc')).toBe('pkg @ https://host/x.whl#sha256=abc');
  });
});
