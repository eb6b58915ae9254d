import { byId } from './dom.ts';

export type NoteKind = 'info' | 'warn' | 'error';
export interface Note {
  kind: NoteKind;
  text: string;
}

const RANK: Record<NoteKind, number> = { info: 0, warn: 1, error: 2 };

/** Shows the notes about the current photo or action in the status banner (replacing the previous ones). */
export function showNotes(notes: Note[]): void {
  const banner = byId<HTMLParagraphElement>('message');
  banner.replaceChildren(...notes.map((n) => Object.assign(document.createElement('span'), { textContent: n.text })));
  banner.hidden = notes.length === 0;
  const worst = notes.reduce<NoteKind>((k, n) => (RANK[n.kind] > RANK[k] ? n.kind : k), 'info');
  banner.className = `banner ${worst}`;
  banner.dataset.kind = worst;
}

export const showError = (text: string): void => showNotes([{ kind: 'error', text }]);

/** The message of anything thrown, for the banner. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
