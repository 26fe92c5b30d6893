import { asc, eq } from 'drizzle-orm';
import { conflict, notFound, type Camera } from '../domain/index.js';
import type { Db } from './db.js';
import type { CameraRepository } from './ports.js';
import { cameraToRow, rowToCamera } from './row-mapping.js';
import { cameras } from './schema.js';
import { guarded, sqlState, storeError, UNIQUE_VIOLATION } from './store-errors.js';

/** Cameras added through the API. Errors never quote the camera URL (it may hold credentials). */
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

  remove(id: string): Promise<boolean> {
    return guarded('removing a camera', async () => {
      const rows = await this.db.delete(cameras).where(eq(cameras.id, id)).returning({ id: cameras.id });
      return rows.length > 0;
    });
  }
}
