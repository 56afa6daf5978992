import { describe, expect, it } from 'vitest';
import { buildChildEnvironment, emptyLaunchContext, expandVariables } from '../src/index.js';

describe('expandVariables (Ray semantics)', () => {
  const base = { HOME: '/home/ray', LD_LIBRARY_PATH: '/opt/lib', lower: 'small', EMPTY: '' };

  it('expands ${NAME} and $NAME from the base environment', () => {
    expect(expandVariables('${LD_LIBRARY_PATH}:/extra', base)).toBe('/opt/lib:/extra');
    expect(expandVariables('$HOME/bin', base)).toBe('/home/ray/bin');
    expect(expandVariables('${lower}-$lower', base)).toBe('small-small');
    expect(expandVariables('[${EMPTY}]', base)).toBe('[]');
  });

  it('drops an unknown upper-case ${NAME}, keeps unknown $NAME and lower-case ${name} literally', () => {
    expect(expandVariables('${MISSING}:/extra', base)).toBe(':/extra');
    expect(expandVariables('$MISSING/x', base)).toBe('$MISSING/x');
    expect(expandVariables('${missing}/x', base)).toBe('${missing}/x');
  });

  it('leaves text without $ alone, and does not expand twice', () => {
    expect(expandVariables('plain', base)).toBe('plain');
    expect(expandVariables('$A', { A: '$HOME' })).toBe('$HOME');
    // As in Ray, the clean-up of unknown ${NAME} runs on the expanded text too.
    expect(expandVariables('$A', { A: '${HOME}' })).toBe('');
  });
});

describe('buildChildEnvironment', () => {
  it('applies envVars against the base, then joins pathPrepends in front, skipping empty parts', () => {
    const context = emptyLaunchContext();
    context.envVars = { PYTHONPATH: '${PYTHONPATH}', GREETING: 'hi $USER', PATH: '${PATH}:/late' };
    context.pathPrepends = { PATH: ['/env/bin', ''], PYTHONPATH: ['/work', '/modules'], LD_LIBRARY_PATH: ['/env/lib'] };
    const environment = buildChildEnvironment(context, { PATH: '/usr/bin', USER: 'ada' });
    expect(environment.PATH).toBe('/env/bin:/usr/bin:/late');
    // PYTHONPATH was unset: ${PYTHONPATH} expanded to empty, which is skipped rather than leaving a trailing ':'.
    expect(environment.PYTHONPATH).toBe('/work:/modules');
    expect(environment.LD_LIBRARY_PATH).toBe('/env/lib');
    expect(environment.GREETING).toBe('hi ada');
    expect(environment.USER).toBe('ada');
  });
});
