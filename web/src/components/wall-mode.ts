import { useCallback, useEffect, useState } from 'react';
import { readStored, writeStored } from '../api/storage.js';

const KEY = 'vigil.wall';

/** `?wall=1` (or `?wall=0`) on any page sets the mode and remembers it; the toggle does the same. */
function initialWallMode(): boolean {
  const param = new URLSearchParams(window.location.search).get('wall');
  if (param === '1' || param === '0') writeStored(KEY, param);
  return readStored(KEY) === '1';
}

export function useWallMode(): [boolean, () => void] {
  const [wall, setWall] = useState(initialWallMode);
  useEffect(() => {
    document.documentElement.classList.toggle('wall', wall);
  }, [wall]);
  const toggle = useCallback(() => {
    setWall((on) => {
      writeStored(KEY, on ? '0' : '1');
      return !on;
    });
  }, []);
  return [wall, toggle];
}
