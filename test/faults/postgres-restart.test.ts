import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../ingest/helpers.js';
import { sleep } from './fault-helpers.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { killAllVigils, startVigilProcess } from './vigil-process.js';

const TOKEN = 'fault-pg-token-0123456789abcdef';
const OUTAGE_MS = 5000;

// A worker walks into the zone every 3 s: an alert opens and ends about every 3 s, through the outage too.
const SITE = `site: { name: Postgres restart, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=3&duration=1&fps=5&size=160x90
    sample: { fps: 4, maxSide: 160 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 10s }
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 250ms }
    cooldown: 0s
    clearAfter: 500ms
`;

const unavailable = await privatePostgresUnavailable();

describe.skipIf(unavailable !== null)(`Postgres stopped for ${OUTAGE_MS / 1000} s while alerts fire${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let postgres: PrivatePostgres | null = null;
  let dir = '';
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    dir = await mkdtemp(join(tmpdir(), 'vigil-fault-pg-'));
  });
  afterAll(async () => {
    await killAllVigils();
    await postgres?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores every alert announced on the socket, and ends every alert whose condition ended', async () => {
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'vigil.yaml'), SITE);
    await writeFile(join(dir, 'rules', 'cell.yaml'), RULES);
    const vigil = await startVigilProcess({
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), VIGIL_CONFIG: join(dir, 'vigil.yaml'),
      VIGIL_API_TOKEN: TOKEN, DATABASE_URL: postgres!.url('vigil'), LOG_LEVEL: 'info',
    });
    const announced: string[] = [];
    const ended = new Set<string>();
    const socket = io(vigil.url, { auth: { token: TOKEN }, transports: ['websocket'] });
    socket.on('alert:new', (alert) => announced.push(alert.id));
    socket.on('alert:updated', (alert) => {
      if (alert.endedAt !== null) ended.add(alert.id);
    });

    await waitFor('two alerts before the outage', () => announced.length >= 2, 60_000);
    const beforeOutage = announced.length;
    await postgres!.stop();
    await sleep(OUTAGE_MS);
    await postgres!.start();
    await waitFor('two alerts after the outage', () => announced.length >= beforeOutage + 3, 60_000);
    // Let the queued writes land, then stop Vigil cleanly.
    await sleep(3000);
    socket.close();
    const exit = await vigil.kill('SIGTERM');
    expect(exit.code, vigil.output().slice(-3000)).toBe(0);

    const client = new pg.Client({ connectionString: postgres!.url('vigil') });
    await client.connect();
    const { rows } = await client.query<{ id: string; ended_at: unknown }>('select id, ended_at from alerts order by started_at');
    await client.end();
    const stored = new Set(rows.map((row) => row.id));
    const lost = announced.filter((id) => !stored.has(id));
    const neverAnnounced = rows.filter((row) => !announced.includes(row.id)).length;
    // The condition ends within a period; only the last alert may still be open when Vigil stops.
    const stillOpen = rows.slice(0, -1).filter((row) => row.ended_at === null).map((row) => row.id);
    const retries = (vigil.output().match(/storing the alert \([a-z]+\) failed; trying again/g) ?? []).length;
    const failures = vigil.output().split('\n').filter((line) => line.includes('alert update failed'));
    console.info(
      `postgres restart: ${announced.length} alerts announced (${beforeOutage} before a ${OUTAGE_MS / 1000} s outage), ${rows.length} stored, ` +
        `${lost.length} lost, ${neverAnnounced} stored but never announced, ${stillOpen.length} left open, ${retries} store retries logged, ` +
        `${failures.length} "alert update failed"`,
    );
    expect(lost).toEqual([]);
    expect(failures.map((line) => line.slice(0, 600))).toEqual([]);
    expect(stillOpen).toEqual([]);
    expect(retries).toBeGreaterThan(0);
  }, 180_000);
});
