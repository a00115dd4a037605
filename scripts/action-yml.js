// Writes action.yml's inputs and outputs from the declarations in
// src/model/input-table.ts (built to lib/ by `npm run build:lib`); with --check,
// fails when action.yml differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { INPUTS, OUTPUTS } from '../lib/model/input-table.js'

const file = new URL('../action.yml', import.meta.url)
const current = readFileSync(file, 'utf8')
const inputs = Object.fromEntries(
  INPUTS.map(input => {
    const shown = input.actionDefault ?? input.default
    return [
      input.name,
      { description: input.description, required: input.required ?? false, ...(shown === undefined ? {} : { default: shown }) }
    ]
  })
)
const outputs = Object.fromEntries(OUTPUTS.map(output => [output.name, { description: output.description }]))
const head = current.slice(0, current.indexOf('\ninputs:\n') + 1)
const tail = current.slice(current.indexOf('\nruns:\n'))
const generated = `${head}${stringify({ inputs }, { lineWidth: 0 })}\n${stringify({ outputs }, { lineWidth: 0 })}${tail}`
if (process.argv.includes('--check')) {
  if (generated !== current) {
    console.error("action.yml's inputs or outputs differ from src/model/input-table.ts. Run 'npm run action-yml' and commit action.yml.")
    process.exit(1)
  }
  console.log('action.yml matches the input declarations.')
} else {
  writeFileSync(file, generated)
}
