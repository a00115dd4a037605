/**
 * Input names in messages are rendered only where our own text wrote them
 * (placeholders.ts): in an input error's detail as anywhere else, and the
 * sources write every such placeholder with `msg`.
 */
import { describe, expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { cliWording } from '../../../src/cli/wording.js'
import { INPUTS } from '../../../src/model/input-table.js'
import { InputError } from '../../../src/model/errors.js'
import { msg, placeholder, plainMessage } from '../../../src/model/placeholders.js'
import { ROOT } from '../../../emulator/run-action.js'

describe("an input error's detail", () => {
  test('renders the placeholders msg marked, never a value put into it', () => {
    const error = new InputError('workflow', msg`'${'{wait}'}' is not a workflow; set {wait}.`)
    expect(error.message).toBe("Input 'workflow': '{wait}' is not a workflow; set wait.")
    expect(error.reword(cliWording()).message).toBe("--workflow: '{wait}' is not a workflow; set --wait.")
    expect(error.detail).toBe("'{wait}' is not a workflow; set {wait}.")
  })

  test('text built without msg is never rendered over, even where it reads {wait}', () => {
    expect(new InputError('workflow', 'set {wait}.').reword(cliWording()).message).toBe('--workflow: set {wait}.')
  })

  test('a placeholder chosen at run time, and a setting to write, joined with +', () => {
    const detail = msg`remove ` + placeholder('private-key') + msg`, or write \`` + placeholder('workflow', 'deploy.yml') + '`.'
    expect(new InputError('broker-url', detail).reword(cliWording()).message).toBe(
      '--broker-url: remove --private-key, or write `--workflow deploy.yml`.'
    )
    expect(plainMessage(detail)).toBe('remove {private-key}, or write `{workflow=deploy.yml}`.')
  })

  test('a value cannot forge a mark', () => {
    const forged = `{${String.fromCharCode(0xfdd0)}wait}`
    expect(new InputError('workflow', msg`'${forged}'`).reword(cliWording()).message).not.toContain('--wait')
    expect(plainMessage(placeholder('wait', forged))).not.toContain(String.fromCharCode(0xfdd0))
  })
})

/** Files under src/, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []
  )
}

test('every {input} written in the sources is in msg`…`, so a front end renders it', () => {
  const inputs = new Set(INPUTS.map(input => input.name))
  const unmarked: string[] = []
  for (const path of sources(join(ROOT, 'src'))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      const text =
        ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
          ? node.text
          : ts.isTemplateExpression(node)
            ? [node.head.text, ...node.templateSpans.map(span => span.literal.text)].join('${}')
            : undefined
      const tagged = node.parent !== undefined && ts.isTaggedTemplateExpression(node.parent) && node.parent.tag.getText() === 'msg'
      const named = [...(text ?? '').matchAll(/\{([a-z][a-z-]*)(?:=[^{}\s]+)?\}/g)].filter(([, name]) => inputs.has(name!))
      // Route templates ('GET /repos/{owner}/{repo}/…') name no input; `{ref}` would be a path parameter there, not ours to render.
      if (text !== undefined && !tagged && named.length > 0 && !/^(GET|POST|PUT|PATCH|DELETE) \//.test(text)) {
        unmarked.push(`${path.slice(ROOT.length + 1)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text}`)
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  expect(unmarked).toEqual([])
})
