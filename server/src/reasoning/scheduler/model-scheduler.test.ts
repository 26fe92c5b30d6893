import { describe, expect, it } from 'vitest';
import { VigilError } from '../../domain/index.js';
import { ManualClock } from './manual-clock.js';
import { ModelScheduler } from './model-scheduler.js';
import { schedulerKit, settle } from './model-scheduler.test-kit.js';

describe('ModelScheduler: latest window wins', () => {
  it('keeps one queued window per camera, counts the replaced ones stale, and leaves the call in flight alone', async () => {
    const kit = schedulerKit({ concurrency: 1 });
    expect(kit.offer('dock-1', 'w1')).toBe('queued');
    await settle();
    expect(kit.open()).toEqual(['w1']);
    expect(kit.offer('dock-1', 'w2')).toBe('queued');
    expect(kit.offer('dock-1', 'w3')).toBe('replaced');
    expect(kit.offer('dock-1', 'w4')).toBe('replaced');
    expect(kit.scheduler.stats()).toMatchObject({ pending: 1, inFlight: 1 });
    expect(kit.callFor('w1').signal.aborted).toBe(false);

    kit.callFor('w1').answer();
    await settle();
    expect(kit.open()).toEqual(['w4']);
    kit.callFor('w4').answer();
    await settle();

    expect(kit.results.map((result) => result.job.payload)).toEqual(['w1', 'w4']);
    expect(kit.results[1]).toMatchObject({ cameraId: 'dock-1', reply: 'seen w4', job: { reason: 'gate', cameraId: 'dock-1' } });
    expect(kit.counters()).toMatchObject({ offered: 4, gated: 4, started: 2, completed: 2, stale: 2 });
  });
});

describe('ModelScheduler: concurrency and fairness', () => {
  it('never has more calls in flight than the limit', async () => {
    const kit = schedulerKit({ concurrency: 2 });
    for (const camera of ['a', 'b', 'c', 'd', 'e']) kit.offer(camera, `${camera}1`);
    await settle();
    expect(kit.open()).toEqual(['a1', 'b1']);
    expect(kit.scheduler.stats()).toMatchObject({ inFlight: 2, pending: 3 });

    while (kit.open().length > 0) {
      kit.callFor(kit.open()[0]!).answer();
      await settle();
    }
    expect(kit.results.map((result) => result.job.payload)).toEqual(['a1', 'b1', 'c1', 'd1', 'e1']);
    expect(kit.mostInFlight()).toBe(2);
  });

  it('serves cameras in the order they started waiting, so a busy camera cannot starve a quiet one', async () => {
    const kit = schedulerKit({ concurrency: 1 });
    kit.offer('busy', 'busy-1');
    await settle();
    kit.offer('busy', 'busy-2');
    kit.offer('quiet', 'quiet-1');
    kit.offer('other', 'other-1');
    // The busy camera keeps offering; each newer window replaces its queued one without moving it back.
    for (let round = 3; round <= 6; round++) {
      kit.offer('busy', `busy-${round}`);
      kit.lastCall().answer();
      await settle();
    }
    expect(kit.calls.map((call) => call.job.payload)).toEqual(['busy-1', 'busy-3', 'quiet-1', 'other-1', 'busy-6']);
  });

  it('runs one call per camera at a time and lets another camera use a free slot meanwhile', async () => {
    const kit = schedulerKit({ concurrency: 2 });
    kit.offer('a', 'a1');
    await settle();
    kit.offer('a', 'a2');
    kit.offer('b', 'b1');
    await settle();
    expect(kit.open()).toEqual(['a1', 'b1']);
    kit.callFor('b1').answer();
    await settle();
    expect(kit.open()).toEqual(['a1']);
    kit.callFor('a1').answer();
    await settle();
    expect(kit.open()).toEqual(['a2']);
  });
});

describe('ModelScheduler: heartbeat', () => {
  it('sends a quiet window on the first look and then every heartbeatMs', async () => {
    const kit = schedulerKit({ heartbeatMs: 30_000 });
    expect(kit.offer('exit-2', 'q0', false)).toBe('queued');
    await settle();
    expect(kit.lastCall().job.reason).toBe('heartbeat');
    kit.lastCall().answer();
    await settle();

    kit.clock.advance(29_999);
    expect(kit.scheduler.shouldHeartbeat('exit-2')).toBe(false);
    expect(kit.offer('exit-2', 'q1', false)).toBe('not_due');
    kit.clock.advance(1);
    expect(kit.offer('exit-2', 'q2', false)).toBe('queued');
    await settle();
    expect(kit.calls.map((call) => [call.job.payload, call.job.reason])).toEqual([
      ['q0', 'heartbeat'],
      ['q2', 'heartbeat'],
    ]);
    expect(kit.counters()).toMatchObject({ offered: 3, heartbeat: 2, gated: 0 });
  });

  it('counts from the last window sent for any reason, so frequent gated windows need no heartbeat', async () => {
    const kit = schedulerKit({ heartbeatMs: 30_000 });
    for (let second = 0; second < 120; second += 10) {
      kit.offer('dock-1', `gated-${second}`, true);
      await settle();
      kit.lastCall().answer();
      await settle();
      kit.clock.advance(5_000);
      kit.offer('dock-1', `quiet-${second}`, false);
      kit.clock.advance(5_000);
    }
    expect(kit.calls.every((call) => call.job.reason === 'gate')).toBe(true);
    expect(kit.counters()).toMatchObject({ heartbeat: 0, gated: 12 });
  });

  it('is not due while a window of the camera is queued or in flight', async () => {
    const kit = schedulerKit({ heartbeatMs: 30_000, concurrency: 1 });
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    await settle();
    kit.clock.advance(60_000);
    expect(kit.scheduler.shouldHeartbeat('a')).toBe(false);
    expect(kit.scheduler.shouldHeartbeat('b')).toBe(false);
    expect(kit.offer('b', 'b-quiet', false)).toBe('not_due');
    expect(kit.scheduler.shouldHeartbeat('c')).toBe(true);
  });

  it('never sends a heartbeat when heartbeatMs is null', () => {
    const kit = schedulerKit({ heartbeatMs: null });
    expect(kit.offer('a', 'quiet', false)).toBe('not_due');
    expect(kit.scheduler.stats()).toMatchObject({ pending: 0, inFlight: 0 });
  });
});

describe('ModelScheduler: cameras without hazard questions', () => {
  it('never schedules them, neither gated windows nor heartbeats', async () => {
    const kit = schedulerKit({ heartbeatMs: 30_000 });
    kit.withoutQuestions.add('lobby');
    expect(kit.offer('lobby', 'gated')).toBe('skipped_no_hazards');
    expect(kit.offer('lobby', 'quiet', false)).toBe('skipped_no_hazards');
    await settle();
    expect(kit.calls).toHaveLength(0);
    expect(kit.counters()).toMatchObject({ offered: 2, skipped_no_hazards: 2, gated: 0, heartbeat: 0 });
  });

  it('drops a queued window whose camera lost its questions before its turn', async () => {
    const kit = schedulerKit({ concurrency: 1 });
    kit.offer('a', 'a1');
    kit.offer('b', 'b1');
    kit.offer('c', 'c1');
    await settle();
    kit.withoutQuestions.add('b');
    kit.callFor('a1').answer();
    await settle();
    expect(kit.open()).toEqual(['c1']);
    expect(kit.counters().skipped_no_hazards).toBe(1);
  });
});

describe('ModelScheduler: settings and callbacks', () => {
  it('refuses settings that cannot work, naming the field', () => {
    const make = () =>
      new ModelScheduler({
        clock: new ManualClock(),
        settings: { concurrency: 0 },
        run: async () => 'never',
        hasActiveQuestions: () => true,
      });
    expect(make).toThrow(VigilError);
    expect(make).toThrow(/concurrency/);
  });

  it('keeps going when a callback throws, and counts it', async () => {
    const errors: unknown[] = [];
    const clock = new ManualClock();
    const scheduler = new ModelScheduler<string, string>({
      clock,
      run: async (job) => `seen ${job.payload}`,
      hasActiveQuestions: () => true,
      onResult: () => {
        throw new Error('listener broke');
      },
      onCallbackError: (error) => errors.push(error),
    });
    scheduler.offer({ cameraId: 'a', windowEnd: 1, gated: true, payload: 'a1' });
    await settle();
    scheduler.offer({ cameraId: 'a', windowEnd: 2, gated: true, payload: 'a2' });
    await settle();
    expect(scheduler.stats().counters).toMatchObject({ completed: 2, callback_errors: 2 });
    expect(errors).toHaveLength(2);
  });
});
