import { useEffect, useState } from 'react';
import { listCameras, onCamerasChanged, type DeviceCamera } from '../live/media-devices.adapter.js';

/** This device's cameras, listed again when one is plugged in or removed, and whenever `refreshKey` changes. */
export function useDeviceCameras(refreshKey: unknown): DeviceCamera[] {
  const [cameras, setCameras] = useState<DeviceCamera[]>([]);
  useEffect(() => {
    let current = true;
    const refresh = () =>
      void listCameras()
        .then((list) => current && setCameras(list))
        .catch(() => current && setCameras([]));
    refresh();
    const unsubscribe = onCamerasChanged(refresh);
    return () => {
      current = false;
      unsubscribe();
    };
  }, [refreshKey]);
  return cameras;
}
