// `relief photo3d` takes every control of the web app's 3D panel: field of view, camera z, mesh resolution, edge
// tearing, background fill and background. Each one visibly changes the frames (against the same render without
// it, at a fixed amplitude so the auto motion does not move too), and a bad value is a usage error saying what fits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFrames, meanAbsDiff } from '../../../test-support/media.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { writeBrightnessModel } from './brightness-model.ts';
import { runCli, tempDir } from './run-cli.ts';

const SIZE = 96;
const FRAMES = 4;

test('photo3d --fov, --camera-z, --resolution, --tear/--no-tear, --fill and --background each change the frames', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const render = async (name: string, extra: string[]) => {
    const file = join(dir, `${name}.gif`);
    const res = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), '-o', file, '--size', String(SIZE), '--fps', String(FRAMES),
      '--seconds', '1', '--amplitude', '0.08', '--model', model, '--no-priors', '--concurrency', '1', ...extra]);
    assert.equal(res.code, 0, `${extra.join(' ')}: ${res.stderr}`);
    return decodeFrames(file, SIZE, SIZE);
  };
  const base = await render('base', ['--tear', '0.01']);
  assert.equal(meanAbsDiff((await render('again', ['--tear', '0.01']))[1]!, base[1]!), 0, 'the same options give the same frames');
  const variants: [string, string[]][] = [
    ['fov', ['--tear', '0.01', '--fov', '25']],
    ['camera-z', ['--tear', '0.01', '--camera-z=-0.3']],
    ['resolution', ['--tear', '0.01', '--resolution', '16']],
    ['no-tear', ['--no-tear']],
    ['fill-none', ['--tear', '0.01', '--fill', 'none']],
    ['fill-textured', ['--tear', '0.01', '--fill', 'textured']],
    ['fill-smooth', ['--tear', '0.01', '--fill', 'smooth']],
    ['background', ['--tear', '0.01', '--background', '#ff00ff']],
  ];
  // Frame 1 is a quarter of the way round the circle: the camera is off the photo's viewpoint.
  const diffs: Record<string, number> = {};
  for (const [name, extra] of variants) diffs[name] = meanAbsDiff((await render(name, extra))[1]!, base[1]!);
  // Renders are deterministic (the same options give the same GIF bytes), so any difference is the option's. A fill
  // shows only in the strips the motion reveals beside the person, a few % of the frame.
  for (const [name, diff] of Object.entries(diffs)) {
    const least = name.startsWith('fill') ? 0.3 : 1;
    assert.ok(diff > least, `${name} changed frame 1 by only ${diff.toFixed(3)} (${JSON.stringify(diffs)})`);
  }

  // The colour shows where the camera sees past the person: magenta pixels that the layer render does not have.
  const magenta = (frame: Uint8Array) => {
    let n = 0;
    for (let i = 0; i < frame.length; i += 3) if (frame[i]! > 200 && frame[i + 1]! < 60 && frame[i + 2]! > 200) n++;
    return n;
  };
  const colour = await render('background', ['--tear', '0.01', '--background', '#ff00ff']);
  assert.equal(magenta(base[1]!), 0);
  assert.ok(magenta(colour[1]!) > 20, `${magenta(colour[1]!)} magenta pixels`);
});

test('photo3d look options: bad values are usage errors that say what fits', async () => {
  const cases: [string[], RegExp][] = [
    [['--fov', '5'], /'--fov <degrees>' argument '5' is invalid\. Expected a number from 10 to 120/],
    [['--camera-z=-2'], /'--camera-z <z>' argument '-2' is invalid\. Expected a number from -0\.9 to 1/],
    [['--resolution', '8'], /Expected auto or a whole number of vertices from 16 to 512/],
    [['--resolution', '64.5'], /Expected auto or a whole number of vertices from 16 to 512/],
    [['--tear', '0'], /'--tear <threshold>' argument '0' is invalid\. Expected a number from 0\.005 to 1/],
    [['--fill', 'blurry'], /Allowed choices are structure, smooth, textured, none/],
    [['--background', 'pink'], /Expected layer \(the filled photo behind the person\) or a colour: #rrggbb, #rgb or rgb\(r, g, b\)/],
    [['--background', 'rgb(300, 0, 0)'], /Expected layer/],
    [['--wireframe'], /--wireframe is drawn by WebGL only; add --renderer chromium/],
  ];
  for (const [args, message] of cases) {
    const bad = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), ...args]);
    assert.equal(bad.code, 1, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});
