import { describe, expect, it } from 'vitest';
import { returnPath, signInAddress } from './signedInMark';

describe('where signing in leads', () => {
  it('goes back to the page of ours that sent the person to sign in', () => {
    expect(returnPath(`?from=${encodeURIComponent('/care?tab=keys')}`)).toBe('/care?tab=keys');
    expect(returnPath(signInAddress('/reports').slice('/login'.length))).toBe('/reports');
  });

  it('goes home for anything that is not a page of ours', () => {
    for (const from of ['https://evil.example/', '//evil.example/x', 'care', '/login', '/login?from=/x']) {
      expect(returnPath(`?from=${encodeURIComponent(from)}`), from).toBe('/');
    }
    expect(returnPath('')).toBe('/');
    expect(signInAddress('/')).toBe('/login');
  });
});
