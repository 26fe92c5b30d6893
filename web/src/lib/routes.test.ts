import { describe, expect, it } from 'vitest';
import { alertPath, matchRoute, publishPath, zonesPath } from './routes.js';

describe('routes', () => {
  it('matches each page', () => {
    expect(matchRoute('/')).toEqual({ page: 'feed' });
    expect(matchRoute('/alerts')).toEqual({ page: 'feed' });
    expect(matchRoute('/alerts/abc_1')).toEqual({ page: 'alert', id: 'abc_1' });
    expect(matchRoute('/cameras')).toEqual({ page: 'cameras' });
    expect(matchRoute('/cameras/dock-1/zones')).toEqual({ page: 'zones', cameraId: 'dock-1' });
    expect(matchRoute('/rules/')).toEqual({ page: 'rules' });
    expect(matchRoute('/system')).toEqual({ page: 'system' });
    expect(matchRoute('/publish')).toEqual({ page: 'publish' });
    expect(matchRoute('/users')).toEqual({ page: 'users' });
    expect(matchRoute('/tokens/')).toEqual({ page: 'tokens' });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(matchRoute('/alerts/%E0%A4%A')).toEqual({ page: 'not-found', path: '/alerts/%E0%A4%A' });
  });

  it('builds paths that match back', () => {
    expect(matchRoute(alertPath('a/b'))).toEqual({ page: 'alert', id: 'a/b' });
    expect(matchRoute(zonesPath('cell-3'))).toEqual({ page: 'zones', cameraId: 'cell-3' });
    expect(publishPath()).toBe('/publish');
    expect(publishPath('dock phone')).toBe('/publish?camera=dock%20phone');
  });
});
