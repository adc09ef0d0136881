#!/usr/bin/env node
// Runs the command line compiled by `npm install` (postinstall: `npm run build`) into dist/.
import { runFromProcess } from '../dist/cli.js';

runFromProcess();
