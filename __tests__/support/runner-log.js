// @ts-check
/**
 * Reads a step's output the way the Actions runner does, to prove that no
 * data became a workflow command:
 * - a line whose start, after white space, is `::` is a command
 *   (`::name key=value,…::message`), its message and properties unescaped;
 * - `##[name key=value;…]message` anywhere in a line is the old command form;
 * - `::stop-commands::TOKEN` suspends every command (masking included) until
 *   a line `::TOKEN::`.
 * Returns the commands the runner would have executed, in order.
 */

/** @typedef {{ name: string, properties: Record<string, string>, message: string, line: number }} RunnerCommand */

/** @param {string} text */
function unescapeData(text) {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** @param {string} text */
function unescapeProperty(text) {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

/** @param {string} output @returns {RunnerCommand[]} */
export function runnerCommands(output) {
  /** @type {RunnerCommand[]} */
  const commands = []
  /** @type {string | undefined} */
  let stopToken
  output.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimStart()
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      return
    }
    const v2 = /^::([^\s:]+)(?: ([^:]*))?::(.*)$/s.exec(line)
    if (v2) {
      /** @type {Record<string, string>} */
      const properties = {}
      for (const pair of (v2[2] ?? '').split(',').filter(Boolean)) {
        const at = pair.indexOf('=')
        if (at > 0) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
      }
      const command = { name: v2[1] ?? '', properties, message: unescapeData(v2[3] ?? ''), line: index }
      commands.push(command)
      if (command.name === 'stop-commands') stopToken = command.message
      return
    }
    const v1 = /##\[([^\s\]]+)([^\]]*)\](.*)$/.exec(raw)
    if (v1) commands.push({ name: v1[1] ?? '', properties: {}, message: v1[3] ?? '', line: index })
  })
  return commands
}

/** Commands the action itself issues; anything else came from data. */
export const OWN_COMMANDS = new Set(['add-mask', 'debug', 'error', 'warning', 'notice', 'group', 'endgroup', 'set-output'])

/**
 * Commands the runner would execute that the action did not mean to issue: a command not of its own, or
 * one of its own that data forged (hostile test data marks its commands with the message `forged` or the
 * title `pwned`). Data inside the action's own ::error:: message is only text.
 * @param {string} stdout @returns {string[]} "name: message" each
 */
export function foreignCommands(stdout) {
  return runnerCommands(stdout)
    .filter(c => !OWN_COMMANDS.has(c.name) || c.message === 'forged' || c.properties['title'] === 'pwned')
    .map(c => `${c.name}: ${c.message}`)
}
