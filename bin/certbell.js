#!/usr/bin/env node
// Runs the TypeScript command line directly: tsx is a runtime dependency, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../src/cli.ts');
runFromProcess();
