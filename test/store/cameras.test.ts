import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/ports.js';
import { makeCamera } from './fixtures.js';
import { freshStore, storeTargets, type StoreTarget } from './store-targets.js';

describe.each(storeTargets)('cameras on $name', (target: StoreTarget) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(target));
  });
  afterAll(() => dispose());

  it('inserts, reads back every field, lists, updates and removes', async () => {
    const camera = makeCamera({ id: 'crud-1' });
    expect(await store.cameras.insert(camera)).toEqual(camera);
    expect(await store.cameras.get('crud-1')).toEqual(camera);

    const withoutLocation = makeCamera({ id: 'crud-2', rtspTransport: 'udp', enabled: false });
    delete withoutLocation.location;
    await store.cameras.insert(withoutLocation);
    expect(await store.cameras.get('crud-2')).toEqual(withoutLocation);
    expect((await store.cameras.list()).map((c) => c.id)).toEqual(expect.arrayContaining(['crud-1', 'crud-2']));

    const changed = { ...camera, name: 'Dock 1 (north)', sample: { fps: 4, maxSide: 960 }, zones: [] };
    expect(await store.cameras.update(changed)).toEqual(changed);
    expect(await store.cameras.get('crud-1')).toEqual(changed);

    expect(await store.cameras.remove('crud-1')).toBe(true);
    expect(await store.cameras.get('crud-1')).toBeNull();
    expect(await store.cameras.remove('crud-1')).toBe(false);
  });

  it('refuses a duplicate id with a conflict that does not quote the URL', async () => {
    await store.cameras.insert(makeCamera({ id: 'dup-1' }));
    const attempt = store.cameras.insert(makeCamera({ id: 'dup-1', name: 'Other' }));
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('s3cret');
    expect((await store.cameras.get('dup-1'))?.name).toBe('Loading dock 1');
  });

  it('reports updating an absent camera as not found', async () => {
    await expect(store.cameras.update(makeCamera({ id: 'ghost' }))).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.cameras.get('ghost')).toBeNull();
  });
});
