#!/usr/bin/env node
// Entry point of the CLI bundle (dist/cli/index.js).
import { main } from '../cli/main.js'

process.exitCode = await main(process.argv.slice(2))
