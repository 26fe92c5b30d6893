import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROBOT_STATUSES, RobotEventBody } from '../../server/src/contracts/index.js';
import { buildMission } from '../../server/src/notify/channels/robot-mission.js';

interface Schema { required: string[]; properties: Record<string, { enum?: string[] }> }

describe('docs/robot-fleet.openapi.yaml matches what Vigil sends and accepts', async () => {
  const doc = parse(await readFile(new URL('../../docs/robot-fleet.openapi.yaml', import.meta.url), 'utf8')) as { openapi: string; components: { schemas: Record<string, Schema> } };
  const { Mission, RobotEvent } = doc.components.schemas;

  it('is OpenAPI 3.1 and lists the mission fields Vigil sends', () => {
    expect(doc.openapi).toBe('3.1.0');
    const alert = { id: 'a', cameraId: 'c', ruleId: 'r', ruleName: 'R', severity: 'high', summary: 's', observation: null };
    const mission = buildMission(
      { id: 'm', alertId: 'a', channel: 'robot:p', event: 'alert.opened', payload: { alert }, attempt: 1, createdAt: 0 },
      { robotId: 'p', publicUrl: 'http://v', location: () => null },
    );
    expect(Object.keys(mission).sort()).toEqual([...Mission!.required].sort());
  });

  it('documents the statuses and fields the events endpoint takes', () => {
    expect(RobotEvent!.properties.status!.enum).toEqual([...ROBOT_STATUSES]);
    expect(Object.keys(RobotEvent!.properties).sort()).toEqual(['alertId', 'at', 'image', 'missionId', 'note', 'status']);
    expect(RobotEventBody.safeParse({ missionId: 'm', alertId: 'a', status: 'arrived', at: '2026-01-01T00:00:00Z', note: 'n' }).success).toBe(true);
  });
});
