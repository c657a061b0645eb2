// Runs Cucumber's official JavaScript parser (npm @cucumber/gherkin) on the
// conformance corpus beside this file and compares what it gives with the
// expected files committed there, which `cargo test --test gherkin_conformance`
// compares with apitest's parser. Together: apitest parses as the official one.
//
//   node tests/gherkin/official.mjs <dir of node_modules/@cucumber/gherkin> tests/gherkin [--write]
//
// good/NAME.feature -> good/NAME.feature.ast.json  (the AST, without ids and comments)
// bad/NAME.feature  -> bad/NAME.feature.errors     (the error messages, one a line)
// --write rewrites the expected files (then review the diff like code).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const [moduleDir, corpus, flag] = process.argv.slice(2)
if (!moduleDir || !corpus) {
  console.error('usage: official.mjs <@cucumber/gherkin dir> <corpus dir> [--write]')
  process.exit(2)
}
const write = flag === '--write'
const gherkin = await import(pathToFileURL(resolve(moduleDir, 'dist/index.js')).href)
const messages = await import(
  pathToFileURL(resolve(moduleDir, '../messages/dist/index.js')).href
)

// Objects with sorted keys and without ids, so the JSON is stable and readable.
function normalise(value) {
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object') {
    const out = {}
    for (const key of Object.keys(value).sort()) {
      if (key === 'id' || value[key] === undefined) continue
      out[key] = normalise(value[key])
    }
    return out
  }
  return value
}

function official(source) {
  const parser = new gherkin.Parser(
    new gherkin.AstBuilder(messages.IdGenerator.incrementing()),
    new gherkin.GherkinClassicTokenMatcher(),
  )
  try {
    const doc = parser.parse(source)
    const { comments, uri, ...rest } = doc
    return { ast: JSON.stringify(normalise(rest), null, 2) + '\n' }
  } catch (e) {
    const errors = e.errors ?? [e]
    return { errors: errors.map((x) => x.message).join('\n') + '\n' }
  }
}

let checked = 0
const failures = []
for (const kind of ['good', 'bad']) {
  const dir = join(corpus, kind)
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.feature')).sort()) {
    const result = official(readFileSync(join(dir, name), 'utf8'))
    const [suffix, text] = result.ast !== undefined ? ['.ast.json', result.ast] : ['.errors', result.errors]
    const expectedPath = join(dir, name + suffix)
    if ((kind === 'good') !== (result.ast !== undefined)) {
      failures.push(`${kind}/${name}: the official parser ${result.ast !== undefined ? 'accepts' : 'rejects'} it:\n${text}`)
      continue
    }
    checked++
    if (write) {
      writeFileSync(expectedPath, text)
    } else if (!existsSync(expectedPath) || readFileSync(expectedPath, 'utf8') !== text) {
      failures.push(`${kind}/${name}${suffix} differs from the official parser's:\n${text}`)
    }
  }
}

// The keywords: apitest embeds Cucumber's gherkin-languages.json.
const ours = JSON.parse(
  readFileSync(new URL('../../src/gherkin/parse/languages.json', import.meta.url), 'utf8'),
)
const theirs = gherkin.dialects
const differ = Object.keys({ ...ours, ...theirs }).filter(
  (code) => JSON.stringify(normalise(ours[code])) !== JSON.stringify(normalise(theirs[code])),
)
console.log(
  `official parser: ${checked - failures.length} of ${checked} cases agree; ` +
    `languages: ${Object.keys(ours).length} ours, ${Object.keys(theirs).length} in the package` +
    (differ.length ? `, differing (newer data in the repository): ${differ.join(', ')}` : ', identical'),
)
if (failures.length) {
  console.error(failures.join('\n'))
  process.exit(1)
}
