// @ts-check
/** Zip archives for artifact tests, built with yazl (the writing half of yauzl). */
import yazl from 'yazl'

/**
 * @param {Record<string, string | Buffer>} files
 * @param {{ compress?: boolean }} [options]
 * @returns {Promise<Buffer>}
 */
export function zipOf(files, options = {}) {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress: options.compress ?? true })
  }
  zip.end()
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    zip.outputStream.on('data', chunk => chunks.push(chunk))
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
    zip.outputStream.on('error', reject)
  })
}
