// The live view's frame scheduling on in-process fake threads (each runs the real worker handler when told to).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, SoftRenderer, type Photo3DLayers } from '../src/index.js';
import { LiveFrames } from '../src/soft/live-frames.js';
import type { StartSoftThread, SoftThreadEvents } from '../src/soft/loop-scheduler.js';
import { softWorker, type SoftFrameRequest, type SoftWorkerSetup, type SoftWorkerTask } from '../src/soft/loop-worker.js';
import { bumpScene } from './fixtures.js';

const layersPromise = buildLayers(bumpScene(64, 96));
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

interface FakeThread { tasks: SoftWorkerTask[]; events: SoftThreadEvents; handle: ReturnType<typeof softWorker>; terminated: boolean }

function fakeThreads(): { start: StartSoftThread; threads: FakeThread[]; finish(thread: FakeThread): SoftWorkerTask; finishAll(): void } {
  const threads: FakeThread[] = [];
  const start: StartSoftThread = (setup, events) => {
    const thread: FakeThread = { tasks: [], events, handle: softWorker(setup), terminated: false };
    threads.push(thread);
    return { post: (task) => thread.tasks.push(task), terminate: () => { thread.terminated = true; } };
  };
  const finish = (thread: FakeThread): SoftWorkerTask => {
    const task = thread.tasks.shift()!;
    const result = thread.handle(task);
    if (result) thread.events.result(result);
    return task;
  };
  // The tasks queued now, not those their results make the scheduler send.
  const finishAll = (): void => {
    for (const [thread, n] of threads.map((t) => [t, t.tasks.length] as const)) for (let i = 0; i < n; i++) finish(thread);
  };
  return { start, threads, finish, finishAll };
}

function setupFor(layers: Photo3DLayers): SoftWorkerSetup {
  return { layers, width: 48, height: 64, antialias: false, background: 'layer', overscan: true, path: { path: 'circle' }, frames: 0 };
}

function expected(layers: Photo3DLayers, request: SoftFrameRequest): Uint8Array {
  const renderer = new SoftRenderer({ width: request.width, height: request.height, antialias: false });
  renderer.setLayers(layers);
  renderer.path = request.path;
  renderer.setBackground(request.background);
  renderer.render(request.phase);
  return renderer.readPixels();
}

const frameTasks = (thread: FakeThread) => thread.tasks.filter((t) => t.type === 'frame');

test('LiveFrames: a request per thread with the view as it is then; the newest frame wins; layers re-sent; stops with the animation', async () => {
  const layers = await layersPromise;
  const { start, threads, finish, finishAll } = fakeThreads();
  const view: SoftFrameRequest = { phase: 0.25, path: { path: 'parallax', offset: { x: -1, y: 0 } }, background: 'layer', width: 40, height: 56 };
  const frames = new LiveFrames(start, setupFor(layers), 2, () => structuredClone(view), () => assert.fail('no failure expected'));
  assert.deepEqual(threads.map((t) => frameTasks(t).length), [1, 1], 'one frame in flight per thread');
  const [first, second] = threads.map((t) => t.tasks[0]) as Extract<SoftWorkerTask, { type: 'frame' }>[];
  const [older, newer] = first.index < second.index ? [threads[0], threads[1]] : [threads[1], threads[0]];
  const asked = structuredClone(view);
  view.path = { path: 'parallax', offset: { x: 1, y: 0 } };
  finish(newer);
  finish(older);
  const shown = frames.take();
  assert.ok(shown, 'a finished frame');
  assert.deepEqual([shown.width, shown.height], [40, 56]);
  assert.deepEqual(shown.pixels, expected(layers, asked), 'drawn at the phase, path and size asked for');
  assert.equal(frames.take(), undefined, 'the older frame, finished later, is dropped');

  await settle();
  const next = threads.flatMap(frameTasks) as Extract<SoftWorkerTask, { type: 'frame' }>[];
  assert.equal(next.length, 2);
  assert.ok(next.every((t) => t.path.offset?.x === 1), 'new requests carry the new parallax');

  // New layers: every thread gets them; frames asked for before them are not shown.
  const rebuilt = await buildLayers(bumpScene(64, 96), { resolution: 33 });
  frames.setLayers(rebuilt);
  finishAll();
  assert.equal(frames.take(), undefined, 'frames of the old layers are dropped');
  await settle();
  finishAll();
  assert.deepEqual(frames.take()?.pixels, expected(rebuilt, view));

  // Nobody takes frames (a stopped or hidden animation): after one request per thread, none are sent.
  for (let i = 0; i < 4; i++) {
    await settle();
    finishAll();
  }
  await settle();
  assert.deepEqual(threads.map((t) => t.tasks.length), [0, 0]);
  frames.terminate();
  assert.ok(threads.every((t) => t.terminated));
});

test('LiveFrames: threads that cannot start throw from the constructor; a failing thread stops them all and reports', async () => {
  const layers = await layersPromise;
  const { start, threads } = fakeThreads();
  let started = 0;
  const refusing: StartSoftThread = (setup, events) => {
    if (started++ === 1) throw new Error('no more threads');
    return start(setup, events);
  };
  const view = (): SoftFrameRequest => ({ phase: 0, path: { path: 'circle' }, background: 'layer', width: 8, height: 8 });
  assert.throws(() => new LiveFrames(refusing, setupFor(layers), 2, view, () => {}), /no more threads/);
  assert.ok(threads[0].terminated, 'the thread that did start is stopped');

  const failures: string[] = [];
  const frames = new LiveFrames(start, setupFor(layers), 2, view, (error) => failures.push(error.message));
  threads[1].events.failed(new Error('crashed'));
  threads[2].events.failed(new Error('crashed too'));
  assert.deepEqual(failures, ['crashed'], 'reported once');
  assert.ok(threads.slice(1).every((t) => t.terminated));
  assert.equal(frames.take(), undefined);
});
