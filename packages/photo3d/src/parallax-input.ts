/**
 * Feeds pointer position over `element` (and, on phones, device tilt) into `setParallax` as offsets in [−1, 1]².
 * Returns a function that removes the listeners. iOS asks for motion permission: call
 * DeviceOrientationEvent.requestPermission() from a click handler first.
 */
export function attachParallaxInput(element: HTMLElement, target: { setParallax(x: number, y: number): void }): () => void {
  const onPointer = (e: PointerEvent): void => {
    const r = element.getBoundingClientRect();
    target.setParallax(((e.clientX - r.left) / r.width) * 2 - 1, 1 - ((e.clientY - r.top) / r.height) * 2);
  };
  const onLeave = (): void => target.setParallax(0, 0);
  // ±20° of tilt spans the whole range; beta is measured from holding the phone at ~45°.
  const onTilt = (e: DeviceOrientationEvent): void => {
    if (e.gamma === null || e.beta === null) return;
    target.setParallax(Math.max(-1, Math.min(1, e.gamma / 20)), Math.max(-1, Math.min(1, (45 - e.beta) / 20)));
  };
  element.addEventListener('pointermove', onPointer);
  element.addEventListener('pointerleave', onLeave);
  window.addEventListener('deviceorientation', onTilt);
  return () => {
    element.removeEventListener('pointermove', onPointer);
    element.removeEventListener('pointerleave', onLeave);
    window.removeEventListener('deviceorientation', onTilt);
  };
}
