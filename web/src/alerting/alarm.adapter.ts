import { useSyncExternalStore } from 'react';
import { readStored, writeStored } from '../api/storage.js';

const SOUND_KEY = 'vigil.sound';
const NOTIFY_KEY = 'vigil.notify';

export interface AlarmSettings {
  /** The user wants a beep for critical alerts. */
  sound: boolean;
  /** Audio may play: the browser saw a user gesture after the sound was turned on. */
  soundReady: boolean;
  notify: boolean;
  permission: NotificationPermission | 'unsupported';
}

const canNotify = typeof Notification !== 'undefined';
let audio: AudioContext | null = null;
let settings: AlarmSettings = {
  sound: readStored(SOUND_KEY) === 'on',
  soundReady: false,
  notify: readStored(NOTIFY_KEY) === 'on',
  permission: canNotify ? Notification.permission : 'unsupported',
};
const listeners = new Set<() => void>();

function set(patch: Partial<AlarmSettings>): void {
  settings = { ...settings, ...patch };
  for (const listener of listeners) listener();
}

/** Browsers allow audio only after a gesture: the first click or key on the page arms a sound left on last time. */
function armAudio(): void {
  audio ??= new AudioContext();
  void audio.resume().then(() => set({ soundReady: audio?.state === 'running' }));
}

for (const type of ['pointerdown', 'keydown'] as const) {
  window.addEventListener(type, () => settings.sound && !settings.soundReady && armAudio(), { capture: true });
}

export const alarm = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): AlarmSettings => settings,
  /** Called from a click, so the audio context may start. */
  toggleSound(): void {
    const sound = !settings.sound;
    writeStored(SOUND_KEY, sound ? 'on' : 'off');
    set({ sound });
    if (sound) {
      armAudio();
      beep();
    }
  },
  async toggleNotifications(): Promise<void> {
    if (!canNotify) return;
    if (settings.notify) {
      writeStored(NOTIFY_KEY, 'off');
      return set({ notify: false });
    }
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    const notify = permission === 'granted';
    writeStored(NOTIFY_KEY, notify ? 'on' : 'off');
    set({ permission, notify });
  },
};

/** Three short high tones: audible over machinery, distinct from system sounds. */
export function beep(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (let i = 0; i < 3; i++) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = 880;
    const at = start + i * 0.25;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.2);
  }
}

/** A desktop notification that opens the alert when clicked. */
export function notifyDesktop(title: string, body: string, tag: string, onClick: () => void): void {
  if (!canNotify || !settings.notify || Notification.permission !== 'granted') return;
  const notification = new Notification(title, { body, tag, requireInteraction: true });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}

export const useAlarm = (): AlarmSettings => useSyncExternalStore(alarm.subscribe, alarm.get);
