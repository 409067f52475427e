/** Fault 4 of issue 9: messages showed literal backticks around commands; code is shown as code. */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { withCode } from './codeText'

const html = (text: string): string => renderToStaticMarkup(createElement('p', null, withCode(text)))

describe('withCode', () => {
  it('shows `…` spans as code, without the backticks', () => {
    const shown = html('Define one with `virsh pool-define-as`, then refresh.')
    expect(shown).toMatch(
      /^<p>Define one with <code style="[^"]*">virsh pool-define-as<\/code>, then refresh\.<\/p>$/,
    )
    expect(shown).not.toContain('`')
  })

  it('leaves text without pairs of backticks alone', () => {
    expect(html('it`s fine')).toBe('<p>it`s fine</p>')
  })
})
