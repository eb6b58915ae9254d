/** The element with this id, typed; a missing id is a bug in index.html, so it throws at start-up. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no element #${id}.`);
  return element as T;
}
