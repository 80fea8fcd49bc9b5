// What the UI keeps in localStorage: each session's work in progress.
import { deserialize, serialize, storageKey } from './annotation-model.js';

const SESSION_PREFIX = storageKey('');

function safe(fn, fallback) {
  try {
    return fn();
  } catch {
    return fallback; // storage disabled or full: the UI still works, only without persistence
  }
}

export const sessions = {
  /** {state, task, savedAt} or null. */
  load: (sessionId) => safe(() => deserialize(localStorage.getItem(storageKey(sessionId))), null),
  /** Returns the save time, or null if the browser refused to store it. */
  save: (state, task) =>
    safe(() => {
      localStorage.setItem(storageKey(state.sessionId), serialize(state, task));
      return new Date();
    }, null),
  remove: (sessionId) => safe(() => localStorage.removeItem(storageKey(sessionId))),
  /** Every session with local work, newest first. */
  list: () =>
    safe(() => {
      const found = [];
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!key?.startsWith(SESSION_PREFIX)) continue;
        const saved = deserialize(localStorage.getItem(key));
        if (saved) found.push(saved);
      }
      return found.sort((a, b) => String(b.savedAt).localeCompare(String(a.savedAt)));
    }, []),
};
