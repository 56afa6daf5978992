import { describe, expect, it } from 'vitest';
import type { ListedContainer } from '../src/engine/launch-engine-client.js';
import { isAbandonedEarlierVersionStandby, isEarlierVersionStandby } from '../src/launch/earlier-version-standbys.js';
import { standbyCommandLine } from '../src/standby/standby-command-line.js';
import { standbyCreateBody, standbyKeyOf } from '../src/standby/standby-key.js';

describe('standbyCommandLine', () => {
  it('quotes every word, with single quotes escaped the shell way', () => {
    expect(standbyCommandLine(['echo', "it's", '$HOME', '*', ''])).toBe(`'echo' 'it'\\''s' '$HOME' '*' ''\n`);
  });

  it('refuses what one line cannot carry: no command, a newline or NUL, a leading dash', () => {
    expect(standbyCommandLine([])).toBeUndefined();
    expect(standbyCommandLine(['printf', 'a\nb'])).toBeUndefined();
    expect(standbyCommandLine(['printf', 'a\0b'])).toBeUndefined();
    expect(standbyCommandLine(['-c', 'x'])).toBeUndefined();
  });
});

describe('standbyKeyOf', () => {
  const body = {
    Image: 'sha256:abc',
    Cmd: ['echo', 'one'],
    Env: ['A=1'],
    Labels: { pid: '1' },
    AttachStdin: false,
    OpenStdin: false,
    StdinOnce: false,
    HostConfig: { Init: true },
  };

  it('ignores what varies per launch (command, labels, stdin) and keeps the rest', () => {
    const sameOtherwise = { ...body, Cmd: ['other'], Labels: { pid: '2' }, AttachStdin: true, OpenStdin: true, StdinOnce: true };
    expect(standbyKeyOf(sameOtherwise)).toBe(standbyKeyOf(body));
    expect(standbyKeyOf({ ...body, Env: ['A=2'] })).not.toBe(standbyKeyOf(body));
    expect(standbyKeyOf({ ...body, HostConfig: { Init: false } })).not.toBe(standbyKeyOf(body));
  });

  it('makes a standby body that waits on stdin for its command', () => {
    const standby = standbyCreateBody(body, { standby: 'yes' });
    expect(standby).toMatchObject({
      Image: 'sha256:abc',
      Cmd: [],
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      Labels: { standby: 'yes' },
      Env: ['A=1'],
    });
    expect((standby.Entrypoint as string[])[0]).toBe('/bin/sh');
  });
});

describe('standbys of earlier versions', () => {
  const now = 10_000_000;
  const earlier = (name: string, createdAt: number): ListedContainer => ({
    Id: name,
    Names: [`/${name}`],
    Labels: { 'io.runtime-env.standby': 'k', 'io.runtime-env.standby-created-at': String(createdAt) },
  });

  it('are told apart by their creation label; this version removes a waiting one only past their 600 s, and never a claimed one', () => {
    expect(isEarlierVersionStandby({ Id: 'pooled', Labels: { 'io.runtime-env.standby-plan': 'k' } })).toBe(false);
    expect(isEarlierVersionStandby(earlier('rtenv-standby-a', now))).toBe(true);
    expect(isAbandonedEarlierVersionStandby(earlier('rtenv-standby-a', now - 599_000), now)).toBe(false);
    expect(isAbandonedEarlierVersionStandby(earlier('rtenv-standby-a', now - 601_000), now)).toBe(true);
    expect(isAbandonedEarlierVersionStandby(earlier('rtenv-claimed-a', now - 6_000_000), now)).toBe(false);
  });
});
