import { Button, Checkbox, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { HardwareView, HwEdit } from '@shared/vm-hardware.js'
import { GRAPHICS_TYPES, VIDEO_MODELS, listenProblem, passwordProblem } from '@shared/vm-hardware.js'
import { SectionCard } from '../ui/SectionCard'

interface Props {
  view: HardwareView
  onPreview(edit: HwEdit): void
}

/** The graphical console (VNC or SPICE, where it listens, its password — never shown) and the video model. */
export function DisplayCard({ view, onPreview }: Props): JSX.Element {
  const g = view.graphics[0]
  const [type, setType] = useState<string>(g?.type ?? 'none')
  const [listen, setListen] = useState(g?.listen ?? '127.0.0.1')
  const [password, setPassword] = useState('')
  const [removePassword, setRemovePassword] = useState(false)
  // Only the console that has the password can lose it (another type starts without one).
  const canRemove = g?.hasPassword === true && type === g.type
  const removing = canRemove && removePassword
  const [video, setVideo] = useState<string>(view.video ?? 'virtio')
  const listenError = listenProblem(listen)
  const passwordError = password === '' ? undefined : passwordProblem(password, type)
  const types = (GRAPHICS_TYPES as readonly string[]).includes(type)
    ? [...GRAPHICS_TYPES]
    : [type, ...GRAPHICS_TYPES]
  return (
    <SectionCard title="Display">
      <Group align="flex-start" grow gap="xl">
        <Stack gap="xs" aria-label="Graphical console">
          <Select
            label="Console"
            data={types}
            value={type}
            onChange={(v) => v !== null && setType(v)}
            allowDeselect={false}
          />
          {type !== 'none' && (
            <>
              <TextInput
                label="Listen address"
                description="127.0.0.1: this host only (reach it over SSH); 0.0.0.0: every network. Empty: libvirt’s default."
                value={listen}
                onChange={(e) => setListen(e.currentTarget.value.trim())}
                error={listenError}
              />
              <PasswordInput
                label="New password"
                description={
                  g?.hasPassword === true
                    ? 'A password is set; leave empty to keep it.'
                    : 'Leave empty for none.'
                }
                placeholder={g?.hasPassword === true ? '••••••••' : ''}
                value={removing ? '' : password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={removing ? undefined : passwordError}
                disabled={removing}
                autoComplete="new-password"
              />
              {canRemove && (
                <Checkbox
                  label="Remove the password"
                  description="The console then opens without one (shown in the preview before anything changes)."
                  checked={removePassword}
                  onChange={(e) => setRemovePassword(e.currentTarget.checked)}
                />
              )}
            </>
          )}
          <Button
            w="fit-content"
            variant="default"
            disabled={
              (type !== 'none' && listenError !== undefined) ||
              (!removing && passwordError !== undefined) ||
              !(GRAPHICS_TYPES as readonly string[]).includes(type)
            }
            onClick={() =>
              onPreview({
                kind: 'graphics',
                type: type as (typeof GRAPHICS_TYPES)[number],
                listen: type === 'none' ? '' : listen,
                ...(removing
                  ? { removePassword: true }
                  : password === '' || type === 'none'
                    ? {}
                    : { password }),
              })
            }
          >
            Preview console
          </Button>
        </Stack>
        <Stack gap="xs" aria-label="Video">
          <Select
            label="Video model"
            description="virtio for Linux guests; qxl with SPICE; vga or bochs for old systems"
            data={[...VIDEO_MODELS]}
            value={video}
            onChange={(v) => v !== null && setVideo(v)}
            allowDeselect={false}
          />
          <Text size="xs" c="dimmed">
            Now: {view.video ?? 'none'}
          </Text>
          <Button
            w="fit-content"
            variant="default"
            disabled={video === view.video}
            onClick={() => onPreview({ kind: 'video', model: video as (typeof VIDEO_MODELS)[number] })}
          >
            Preview video
          </Button>
        </Stack>
      </Group>
    </SectionCard>
  )
}
