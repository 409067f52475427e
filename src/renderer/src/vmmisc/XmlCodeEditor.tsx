import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { xml } from '@codemirror/lang-xml'
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  HighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language'
import { ruby } from '@codemirror/legacy-modes/mode/ruby'
import { lintGutter, setDiagnostics } from '@codemirror/lint'
import type { Diagnostic } from '@codemirror/lint'
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search'
import { Compartment, EditorSelection, EditorState } from '@codemirror/state'
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view'
import { tags } from '@lezer/highlight'
import { useComputedColorScheme } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useRef } from 'react'

/** A line to show and select (a new `nonce` jumps again to the same line). */
export interface JumpRequest {
  line: number
  nonce: number
}

export interface LineProblem {
  line: number
  message: string
}

interface Props {
  value: string
  onChange(value: string): void
  label: string
  /** Problems with a known line: marked in the gutter and the text. */
  problems?: LineProblem[]
  jump?: JumpRequest | undefined
  /** XML (the default: domain definitions) or Ruby (a Vagrantfile). */
  language?: 'xml' | 'ruby'
}

const darkHighlight = HighlightStyle.define([
  { tag: tags.tagName, color: '#7cc4ff' },
  { tag: tags.attributeName, color: '#f0b070' },
  { tag: tags.attributeValue, color: '#a5e08a' },
  { tag: tags.string, color: '#a5e08a' },
  { tag: tags.comment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [tags.angleBracket, tags.processingInstruction, tags.documentMeta], color: '#9da7b3' },
  { tag: tags.content, color: '#e6edf3' },
  { tag: tags.invalid, color: '#ff7b72' },
  { tag: tags.keyword, color: '#ff9bce' },
  { tag: [tags.number, tags.atom, tags.bool], color: '#f0b070' },
  { tag: tags.variableName, color: '#e6edf3' },
])

function themeFor(scheme: 'light' | 'dark'): ReturnType<typeof EditorView.theme>[] {
  const dark = scheme === 'dark'
  return [
    EditorView.theme(
      {
        '&': {
          maxHeight: '480px',
          fontSize: '12px',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-sm)',
          backgroundColor: dark ? 'var(--mantine-color-dark-7)' : 'var(--mantine-color-white)',
          color: dark ? '#e6edf3' : 'var(--mantine-color-black)',
        },
        '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '1px' },
        '.cm-scroller': {
          fontFamily: 'var(--mantine-font-family-monospace)',
          lineHeight: 1.5,
          overflow: 'auto',
        },
        '.cm-gutters': {
          backgroundColor: dark ? 'var(--mantine-color-dark-6)' : 'var(--mantine-color-gray-0)',
          color: dark ? 'var(--mantine-color-dark-2)' : 'var(--mantine-color-gray-6)',
          borderRight: '1px solid var(--mantine-color-default-border)',
        },
        '.cm-activeLine': { backgroundColor: dark ? '#ffffff0a' : '#0000000a' },
        '.cm-activeLineGutter': { backgroundColor: dark ? '#ffffff14' : '#00000010' },
        '.cm-cursor': { borderLeftColor: dark ? '#e6edf3' : '#000' },
        '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
          backgroundColor: dark ? '#264f78 !important' : '#b4d5fe !important',
        },
        '.cm-panels': {
          backgroundColor: dark ? 'var(--mantine-color-dark-6)' : 'var(--mantine-color-gray-1)',
          color: 'inherit',
        },
        '.cm-textfield, .cm-button': { color: 'inherit' },
        '.cm-searchMatch': { backgroundColor: dark ? '#9e6a0366' : '#ffd33d66' },
      },
      { dark },
    ),
  ]
}

/**
 * The XML tab's editor: CodeMirror with line numbers, XML highlighting, search (Ctrl/Cmd-F),
 * undo, the problems libvirt or the parser found marked at their lines, and a jump to a line.
 * Tab is left to move the focus (no tab trapping); the text area is labelled for screen readers.
 */
export function XmlCodeEditor({
  value,
  onChange,
  label,
  problems = [],
  jump,
  language = 'xml',
}: Props): JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const theme = useRef(new Compartment())
  const highlight = useRef(new Compartment())
  const labelled = useRef(new Compartment())
  const change = useRef(onChange)
  const scheme = useComputedColorScheme('light')

  useEffect(() => {
    change.current = onChange
  }, [onChange])

  useEffect(() => {
    if (host.current === null) return
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          bracketMatching(),
          language === 'ruby' ? StreamLanguage.define(ruby) : xml(),
          search({ top: true }),
          highlightSelectionMatches(),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
          theme.current.of(themeFor(scheme)),
          highlight.current.of(syntaxHighlighting(scheme === 'dark' ? darkHighlight : defaultHighlightStyle)),
          labelled.current.of(
            EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          ),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) change.current(update.state.doc.toString())
          }),
          EditorView.lineWrapping,
        ],
      }),
    })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
    // The editor is created once; value, theme and label follow through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const v = view.current
    if (v === null || v.state.doc.toString() === value) return
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } })
  }, [value])

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        theme.current.reconfigure(themeFor(scheme)),
        highlight.current.reconfigure(
          syntaxHighlighting(scheme === 'dark' ? darkHighlight : defaultHighlightStyle),
        ),
      ],
    })
  }, [scheme])

  useEffect(() => {
    view.current?.dispatch({
      effects: labelled.current.reconfigure(
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
      ),
    })
  }, [label])

  const problemKey = JSON.stringify(problems)
  useEffect(() => {
    const v = view.current
    if (v === null) return
    const doc = v.state.doc
    const diagnostics: Diagnostic[] = problems
      .filter((p) => p.line >= 1 && p.line <= doc.lines)
      .map((p) => {
        const line = doc.line(p.line)
        return { from: line.from, to: line.to, severity: 'error', message: p.message }
      })
    v.dispatch(setDiagnostics(v.state, diagnostics))
    // problemKey stands for problems (a new array each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problemKey, value])

  useEffect(() => {
    const v = view.current
    if (v === null || jump === undefined) return
    const n = Math.min(Math.max(1, jump.line), v.state.doc.lines)
    const line = v.state.doc.line(n)
    v.dispatch({
      selection: EditorSelection.range(line.from, line.to),
      effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
    })
    v.focus()
  }, [jump])

  return <div ref={host} data-testid="xml-code-editor" />
}
