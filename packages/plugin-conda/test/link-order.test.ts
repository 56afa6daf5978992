import { describe, expect, it } from 'vitest';
import { linkOrder } from '../src/embedded/link-order.js';
import type { SolvedCondaPackage } from '../src/embedded/solved-package.js';

function solved(name: string, depends: string[] = []): SolvedCondaPackage {
  return { name, version: '1', build: 'h0_0', buildNumber: 0, channel: 'c', subdir: 'noarch', url: `c/${name}`, fileName: `${name}.conda`, depends };
}

describe('linkOrder', () => {
  it('puts every package after its dependencies, by name otherwise', () => {
    const order = linkOrder([solved('zlib'), solved('app', ['python >=3.8', 'lib-b 2.*']), solved('python', ['zlib']), solved('lib-b', ['zlib'])]);
    expect(order.map((entry) => entry.name)).toEqual(['zlib', 'lib-b', 'python', 'app']);
  });

  it('breaks a dependency cycle instead of looping, and keeps every package once', () => {
    const order = linkOrder([solved('b', ['a']), solved('a', ['b']), solved('c')]);
    expect(order.map((entry) => entry.name).sort()).toEqual(['a', 'b', 'c']);
    expect(order.map((entry) => entry.name)).toEqual(['b', 'a', 'c']);
  });
});
