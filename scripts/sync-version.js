// Writes package.json's version into src/version.ts (run by `npm version` through the "version" script).
import { readFileSync, writeFileSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const file = new URL('../src/util/version.ts', import.meta.url)
const text = readFileSync(file, 'utf8').replace(/export const VERSION = '[^']*'/, `export const VERSION = '${version}'`)
writeFileSync(file, text)
