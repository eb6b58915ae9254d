#!/usr/bin/env node
// `relief`. Commands that estimate depth get their depth worker started here, before the commands' modules load
// (program.ts), so both load side by side; see depth/spare-worker.ts.
import { startSpareWorker } from './depth/spare-worker.js';

const DEPTH_COMMANDS = ['depth', 'mesh', 'photo3d', 'convert', 'blur'];
const args = process.argv.slice(2);
if (DEPTH_COMMANDS.includes(args[0] ?? '') && !args.some((a) => a === '--help' || a === '-h')) startSpareWorker();
await import('./program.js');
