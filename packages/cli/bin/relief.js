#!/usr/bin/env node
// Committed launcher: npm links bins during install, before `prepare` has built dist/, and silently skips a
// bin whose file is missing, so the bin cannot point into dist/ directly.
import '../dist/main.js';
