// @ts-check
/** Start and stop for the local stand-ins (storage, Slack, Lambda): 127.0.0.1, a free port. */

/** Listens on 127.0.0.1 at a free port; resolves with the base URL. @param {import('node:http').Server} server */
export async function listenLocal(server) {
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return `http://127.0.0.1:${address.port}`
}

/** Closes the server and every connection it holds. @param {import('node:http').Server | undefined} server */
export async function closeServer(server) {
  if (!server) return
  server.closeAllConnections()
  await new Promise(resolve => server.close(() => resolve(undefined)))
}
