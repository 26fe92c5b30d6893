export type Route =
  | { page: 'feed' }
  | { page: 'alert'; id: string }
  | { page: 'cameras' }
  | { page: 'zones'; cameraId: string }
  | { page: 'rules' }
  | { page: 'system' }
  | { page: 'publish' }
  | { page: 'users' }
  | { page: 'tokens' }
  | { page: 'not-found'; path: string };

const decode = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/** The dashboard's pages by path (history API, no hash). */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p.length > 0);
  const [first, second, third] = parts;
  if (parts.length === 0 || (parts.length === 1 && first === 'alerts')) return { page: 'feed' };
  if (parts.length === 2 && first === 'alerts' && second) {
    const id = decode(second);
    if (id) return { page: 'alert', id };
  }
  if (parts.length === 1 && first === 'cameras') return { page: 'cameras' };
  if (parts.length === 3 && first === 'cameras' && second && third === 'zones') {
    const cameraId = decode(second);
    if (cameraId) return { page: 'zones', cameraId };
  }
  if (parts.length === 1 && first === 'rules') return { page: 'rules' };
  if (parts.length === 1 && first === 'system') return { page: 'system' };
  if (parts.length === 1 && first === 'publish') return { page: 'publish' };
  if (parts.length === 1 && first === 'users') return { page: 'users' };
  if (parts.length === 1 && first === 'tokens') return { page: 'tokens' };
  return { page: 'not-found', path: pathname };
}

export const alertPath = (id: string): string => `/alerts/${encodeURIComponent(id)}`;
export const zonesPath = (cameraId: string): string => `/cameras/${encodeURIComponent(cameraId)}/zones`;
/** The page that publishes this device's camera; `cameraId` preselects a WHIP camera. */
export const publishPath = (cameraId?: string): string => (cameraId ? `/publish?camera=${encodeURIComponent(cameraId)}` : '/publish');
