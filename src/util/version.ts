/** Sent in the User-Agent so GitHub (and GHES admins) can tell who is calling. */
export const VERSION = '1.0.0'
export const USER_AGENT = `app-dispatch/${VERSION}`
