import { byId } from './dom.ts';

export type NoteKind = 'info' | 'warn' | 'error';
export interface Note {
  kind: NoteKind;
  text: string;
}

/**
 * What a notice is about. A topic's notices stay until the user dismisses them or that topic has a newer state (the
 * next photo replaces the last photo's notes; the backend notice stays however many photos follow).
 */
export type Topic = 'app' | 'backend' | 'photo' | 'export' | 'webcam' | 'latency' | 'offline';

const RANK: Record<NoteKind, number> = { info: 0, warn: 1, error: 2 };

/** Hides the notices box when it is empty and marks it with the worst kind shown (for tests and styling). */
function refresh(box: HTMLElement): void {
  const kinds = [...box.querySelectorAll<HTMLElement>('.note')].map((n) => n.dataset.kind as NoteKind);
  box.hidden = kinds.length === 0;
  box.dataset.kind = kinds.reduce<NoteKind>((worst, k) => (RANK[k] > RANK[worst] ? k : worst), 'info');
}

/** Replaces `topic`'s notices with `notes` (none: its notices go); each has a button that dismisses it. */
export function showNotes(topic: Topic, notes: Note[]): void {
  const box = byId<HTMLDivElement>('message');
  box.querySelectorAll(`.note[data-topic="${topic}"]`).forEach((n) => n.remove());
  for (const note of notes) {
    const item = Object.assign(document.createElement('p'), { className: `banner note ${note.kind}` });
    Object.assign(item.dataset, { topic, kind: note.kind });
    const close = Object.assign(document.createElement('button'), { type: 'button', className: 'dismiss', textContent: '×', title: 'Dismiss' });
    close.setAttribute('aria-label', 'Dismiss this notice');
    close.addEventListener('click', () => {
      item.remove();
      refresh(box);
    });
    item.append(Object.assign(document.createElement('span'), { textContent: note.text }), close);
    box.append(item);
  }
  refresh(box);
}

export const showError = (topic: Topic, text: string): void => showNotes(topic, [{ kind: 'error', text }]);

/** The message of anything thrown, for the notices. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
