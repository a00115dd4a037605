/**
 * Temporary directories for a test file, removed when its tests are done:
 * importing this module registers one afterAll in the importing test file
 * (each test file has its own copy of the module), so runs do not pile up
 * directories under the temporary directory. A symbolic link inside one is
 * removed, not followed.
 */
import { afterAll } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const made: string[] = []

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A new directory under the temporary directory, named `prefix` + random characters. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}
