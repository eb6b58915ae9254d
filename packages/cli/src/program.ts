// `relief`: depth maps, meshes and 3D-photo videos from the command line, offline.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { SetupError } from './batch.js';
import { convertCommand } from './convert/command.js';
import { blurCommand } from './blur/command.js';
import { depthCommand } from './depth/command.js';
import { meshCommand } from './mesh/command.js';
import { photo3dCommand } from './photo3d/command.js';
import { EXIT_USAGE, UsageError } from './exit-codes.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('relief')
  .description('Depth maps, 3D meshes and 3D-photo videos for portraits: files, folders and globs, offline.')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .addCommand(depthCommand())
  .addCommand(meshCommand())
  .addCommand(photo3dCommand())
  .addCommand(convertCommand())
  .addCommand(blurCommand());
// addCommand() does not pass this setting down, and each command's own help is the useful pointer.
program.addHelpText('after', `
Depth photos (iPhone JPEG/HEIC, Android Dynamic Depth, Lens Blur, XDM): mesh, photo3d and convert use their own
depth unless --estimate; depth --embedded extracts it. Formats, one example each:
  relief depth IMG.HEIC -o depth.png --embedded        16-bit PNG of the embedded map (png16, png8, npy too)
  relief photo3d IMG.HEIC -o pug.gif                   3D-photo animation (gif, webm, mp4)
  relief mesh IMG.HEIC -o pug.glb                      textured glTF mesh
  relief convert IMG.HEIC -f dynamic-depth             JPEG with Dynamic Depth + GDepth
  relief convert IMG.HEIC -f facebook                  Facebook 3D photo pair: NAME.facebook.jpg + _depth.png
  relief convert IMG.HEIC -f rgbd                      colour | depth side by side (Looking Glass RGB-D)
  relief convert IMG.HEIC -f ply                       coloured point cloud (ply-mesh: triangle mesh)
  relief convert IMG.HEIC -f sbs                       side-by-side stereo, parallel (cross: cross-eyed)
  relief convert IMG.HEIC -f anaglyph                  red-cyan anaglyph (anaglyph-gif: animated)
  relief convert IMG.HEIC -f quilt --quilt 8x6         Looking Glass quilt`);
for (const command of program.commands) command.showHelpAfterError(`(run relief ${command.name()} --help for usage)`);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof UsageError || err instanceof SetupError) {
    const name = program.args[0] ?? '';
    console.error(`error: ${err.message}`);
    if (err instanceof UsageError) console.error(`(run relief ${name} --help for usage)`);
    process.exitCode = EXIT_USAGE;
  } else {
    throw err;
  }
}
