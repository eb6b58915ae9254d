// Checks (and, as root with apt, installs) the Debian packages the tests need, so a fresh
// machine either gets them or stops at once with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHECKS = [
  { pkg: 'chromium', ok: () => existsSync('/usr/bin/chromium') },
  { pkg: 'ffmpeg', ok: () => existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe') },
  { pkg: 'python3-torch', ok: () => pyImports('torch') },
  { pkg: 'python3-numpy', ok: () => pyImports('numpy') },
  { pkg: 'libimage-exiftool-perl', ok: () => existsSync('/usr/bin/exiftool') },
  { pkg: 'libopenblas0-openmp', ok: () => existsSync('/usr/lib/x86_64-linux-gnu/openblas-openmp') || existsSync('/usr/lib/aarch64-linux-gnu/openblas-openmp') },
];

function pyImports(mod) {
  if (!existsSync('/usr/bin/python3')) return false;
  return spawnSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }).status === 0;
}

export function missingPackages() {
  return CHECKS.filter((c) => !c.ok()).map((c) => c.pkg);
}

export function ensureSystemDeps() {
  let missing = missingPackages();
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`Missing system packages: ${missing.join(', ')}.\nRun as root:\n  ${cmd}`);
    process.exit(1);
  }
  console.log(`Installing missing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
  missing = missingPackages();
  if (missing.length) {
    console.error(`Still missing after install: ${missing.join(', ')}.\nRun as root:\n  ${cmd}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
