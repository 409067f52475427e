import type { Locator, Page } from '@playwright/test'

/**
 * The XML tab's CodeMirror editor. Its text is read from the editor's own state (CodeMirror draws
 * only the lines in view, so the DOM's text is not the document); typing goes through the keyboard.
 */
export class XmlEditor {
  constructor(readonly page: Page) {}

  get content(): Locator {
    return this.page.getByRole('textbox', { name: /^XML definition of/ })
  }

  /** The whole document, from the EditorView behind the content element. */
  async text(): Promise<string> {
    return this.content.evaluate((el) => {
      type Tile = { root?: { view?: { state: { doc: { toString(): string } } } } }
      const tile = (el as unknown as { cmTile?: Tile }).cmTile
      const view = tile?.root?.view
      if (view === undefined) throw new Error('No CodeMirror view behind the XML editor')
      return view.state.doc.toString()
    })
  }

  /** Replaces the whole document as a user would: select all, then type (paste-like insert). */
  async replace(text: string): Promise<void> {
    await this.content.click()
    await this.page.keyboard.press('ControlOrMeta+a')
    await this.page.keyboard.insertText(text)
  }

  /** The line the cursor is on (the highlighted line number in the gutter). */
  activeLine(): Locator {
    return this.page.locator('[data-testid="xml-code-editor"] .cm-lineNumbers .cm-activeLineGutter')
  }
}
