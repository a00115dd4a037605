/** Sent in the User-Agent so GitHub (and GHES admins) can tell who is calling. */
export const VERSION = '0.1.0'
export const USER_AGENT = `app-dispatch/${VERSION}`
