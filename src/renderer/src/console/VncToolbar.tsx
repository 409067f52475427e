import { Button, Group, Menu, Switch } from '@mantine/core'
import type RFB from '@novnc/novnc'
import type { JSX } from 'react'
import { comboEvents, KEY_COMBOS } from './keys'

interface Props {
  rfb: RFB | undefined
  connected: boolean
  scale: boolean
  onScale(scale: boolean): void
  onFullscreen(): void
  clipboardOpen: boolean
  onClipboard(): void
  onOwnWindow?: (() => void) | undefined
}

/** Scaling, fullscreen, key combinations a browser would keep for itself, clipboard, own window. */
export function VncToolbar(props: Props): JSX.Element {
  const { rfb, connected } = props
  return (
    <Group gap="sm" wrap="wrap" role="toolbar" aria-label="Screen controls">
      <Switch
        label="Scale to fit"
        checked={props.scale}
        onChange={(event) => props.onScale(event.currentTarget.checked)}
      />
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" disabled={!connected}>
            Send key
          </Button>
        </Menu.Target>
        <Menu.Dropdown aria-label="Keys to send">
          {KEY_COMBOS.map((combo) => (
            <Menu.Item
              key={combo.id}
              onClick={() => {
                for (const [keysym, code, down] of comboEvents(combo)) rfb?.sendKey(keysym, code, down)
                rfb?.focus()
              }}
            >
              {combo.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button size="xs" variant="default" onClick={props.onFullscreen} disabled={!connected}>
        Fullscreen
      </Button>
      <Button size="xs" variant="default" onClick={props.onClipboard} aria-expanded={props.clipboardOpen}>
        Clipboard
      </Button>
      {props.onOwnWindow !== undefined && (
        <Button size="xs" variant="default" onClick={props.onOwnWindow}>
          Open in own window
        </Button>
      )}
    </Group>
  )
}
