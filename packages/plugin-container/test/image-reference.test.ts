import { describe, expect, it } from 'vitest';
import { formatImageReference, parseImageReference } from '../src/spec/image-reference.js';

const canonical = (text: string) => {
  const parsed = parseImageReference(text);
  return typeof parsed === 'string' ? parsed : formatImageReference(parsed);
};

describe('image references', () => {
  it('adds :latest like Docker and keeps registries, ports, tags and digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(canonical('busybox')).toBe('busybox:latest');
    expect(canonical('127.0.0.1:5000/team/app:1.2')).toBe('127.0.0.1:5000/team/app:1.2');
    expect(canonical(`ghcr.io/team/app@${digest}`)).toBe(`ghcr.io/team/app@${digest}`);
    expect(canonical(`app:1@${digest}`)).toBe(`app:1@${digest}`);
    expect(canonical('localhost/app')).toBe('localhost/app:latest');
  });

  it('takes a bare image id as a local image', () => {
    const id = `sha256:${'b'.repeat(64)}`;
    expect(parseImageReference(id)).toEqual({ repository: '', digest: id, isImageId: true });
  });

  it('says what is wrong with a bad reference', () => {
    expect(canonical('Team/App')).toMatch(/invalid name part "Team"/);
    expect(canonical('app:bad tag')).toMatch(/white space/);
    expect(canonical('app@sha256:xyz')).toMatch(/invalid digest/);
    expect(canonical('')).toMatch(/empty/);
  });
});
