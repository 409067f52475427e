import { Button, Group, SimpleGrid, Textarea } from '@mantine/core'
import type RFB from '@novnc/novnc'
import type { JSX } from 'react'
import { useState } from 'react'

/** Clipboard text both ways: what the guest copied (to copy here), and text to put on the guest's clipboard. */
export function VncClipboard({ rfb, guestText }: { rfb: RFB | undefined; guestText: string }): JSX.Element {
  const [outgoing, setOutgoing] = useState('')
  const [copied, setCopied] = useState(false)
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <StackedArea
        label="Guest clipboard"
        description="What the guest copied last."
        value={guestText}
        readOnly
        action={
          <Button
            size="xs"
            variant="default"
            disabled={guestText === ''}
            onClick={() => {
              void navigator.clipboard.writeText(guestText).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }}
          >
            {copied ? 'Copied' : 'Copy to this computer'}
          </Button>
        }
      />
      <StackedArea
        label="Text for the guest"
        description="Put on the guest’s clipboard; paste it there."
        value={outgoing}
        onChange={setOutgoing}
        action={
          <Button
            size="xs"
            disabled={outgoing === '' || rfb === undefined}
            onClick={() => rfb?.clipboardPasteFrom(outgoing)}
          >
            Send to guest clipboard
          </Button>
        }
      />
    </SimpleGrid>
  )
}

function StackedArea(props: {
  label: string
  description: string
  value: string
  readOnly?: boolean
  onChange?: (value: string) => void
  action: JSX.Element
}): JSX.Element {
  return (
    <div>
      <Textarea
        label={props.label}
        description={props.description}
        value={props.value}
        readOnly={props.readOnly ?? false}
        autosize
        minRows={2}
        maxRows={6}
        onChange={(event) => props.onChange?.(event.currentTarget.value)}
      />
      <Group mt={4}>{props.action}</Group>
    </div>
  )
}
