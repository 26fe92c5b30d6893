import { asc, eq } from 'drizzle-orm';
import { conflict, notFound, type Camera, type Zone } from '../domain/index.js';
import type { Db } from './db.js';
import type { CameraRepository } from './ports.js';
import { cameraToRow, rowToCamera } from './row-mapping.js';
import { cameras, publishTokens, zoneOverrides } from './schema.js';
import { guarded, sqlState, storeError, UNIQUE_VIOLATION } from './store-errors.js';

/** Cameras added through the API, and zones drawn for vigil.yaml cameras. Errors never quote a camera URL. */
export class PgCameraRepository implements CameraRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<Camera[]> {
    return guarded('listing cameras', async () => {
      const rows = await this.db.select().from(cameras).orderBy(asc(cameras.id));
      return rows.map(rowToCamera);
    });
  }

  get(id: string): Promise<Camera | null> {
    return guarded('reading a camera', async () => {
      const [row] = await this.db.select().from(cameras).where(eq(cameras.id, id));
      return row ? rowToCamera(row) : null;
    });
  }

  async insert(camera: Camera): Promise<Camera> {
    try {
      const [row] = await this.db.insert(cameras).values(cameraToRow(camera)).returning();
      return rowToCamera(row!);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw conflict(`camera ${camera.id} already exists`);
      throw storeError(error, 'adding a camera');
    }
  }

  update(camera: Camera): Promise<Camera> {
    return guarded('updating a camera', async () => {
      const { id: _id, ...changes } = cameraToRow(camera);
      const [row] = await this.db
        .update(cameras)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(cameras.id, camera.id))
        .returning();
      if (!row) throw notFound('camera', camera.id);
      return rowToCamera(row);
    });
  }

  zoneOverrides(): Promise<Map<string, Zone[]>> {
    return guarded('reading zone overrides', async () => {
      const rows = await this.db.select().from(zoneOverrides);
      return new Map(rows.map((row) => [row.cameraId, row.zones]));
    });
  }

  publishTokenHash(cameraId: string): Promise<string | null> {
    return guarded('reading a publisher token', async () => {
      const rows = await this.db.select().from(publishTokens).where(eq(publishTokens.cameraId, cameraId));
      return rows[0]?.tokenSha256 ?? null;
    });
  }

  savePublishTokenHash(cameraId: string, sha256: string): Promise<void> {
    return guarded('saving a publisher token', async () => {
      await this.db
        .insert(publishTokens)
        .values({ cameraId, tokenSha256: sha256, createdAt: new Date() })
        .onConflictDoUpdate({ target: publishTokens.cameraId, set: { tokenSha256: sha256, createdAt: new Date() } });
    });
  }

  saveZoneOverride(cameraId: string, zones: Zone[]): Promise<void> {
    return guarded('saving zones', async () => {
      await this.db
        .insert(zoneOverrides)
        .values({ cameraId, zones, updatedAt: new Date() })
        .onConflictDoUpdate({ target: zoneOverrides.cameraId, set: { zones, updatedAt: new Date() } });
    });
  }

  remove(id: string): Promise<boolean> {
    return guarded('removing a camera', async () => {
      const rows = await this.db.delete(cameras).where(eq(cameras.id, id)).returning({ id: cameras.id });
      // A camera added again under the same id must not take publishers with the old token.
      await this.db.delete(publishTokens).where(eq(publishTokens.cameraId, id));
      return rows.length > 0;
    });
  }
}
