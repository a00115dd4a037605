#!/usr/bin/env node
// Entry point of the CLI bundle (dist/cli/index.js).
import './node-version.js' // first: one clear line on a Node.js too old, before anything else runs
import { main } from '../cli/main.js'

process.exitCode = await main(process.argv.slice(2))
