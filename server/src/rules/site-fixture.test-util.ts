import type { SiteContext } from './rule-types.js';

export const site: SiteContext = {
  timezone: 'Europe/Berlin',
  channels: ['email:ehs', 'webhook:ops', 'robot:patrol-1'],
  cameras: [
    { id: 'dock-1', name: 'Loading dock 1', zones: [{ id: 'dock-edge', name: 'Dock edge' }] },
    { id: 'cell-3', name: 'Robot cell 3', zones: [{ id: 'robot-cell', name: 'Robot cell', polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }] },
    { id: 'gate-2', name: 'Gate 2', zones: [] },
  ],
};

/** Lines joined with "\n", so tests can say which line holds what. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
