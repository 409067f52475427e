import { Alert, Loader, Modal, SegmentedControl, Stack, Switch, Text } from '@mantine/core'
import { useId } from '@mantine/hooks'
import type { JSX } from 'react'
import type { Settings } from '@shared/settings.js'
import { useSecretStorage, useSettings, useUpdateSettings } from '../api/useSettings'
import { ErrorDetails } from '../notify/ErrorDetails'
import { dismissNotice, notifyFailure } from '../notify/notify'

interface Props {
  opened: boolean
  onClose(): void
}

const THEME_CHOICES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

export function SettingsModal({ opened, onClose }: Props): JSX.Element {
  const settings = useSettings()
  const secrets = useSecretStorage()
  const update = useUpdateSettings()
  const themeLabelId = useId()

  const change = (patch: Partial<Settings>): void =>
    update.mutate(patch, {
      // A later save that works answers an earlier failure: its notice goes.
      onSuccess: () => dismissNotice('settings'),
      onError: (error) => notifyFailure({ id: 'settings', title: 'Could not save the settings', error }),
    })

  return (
    <Modal stackId="settings" opened={opened} onClose={onClose} title="Settings">
      {settings.isPending && <Loader size="sm" aria-label="Loading settings" />}
      {settings.isError && (
        <Alert color="red" title="Could not load the settings">
          <ErrorDetails error={settings.error} />
        </Alert>
      )}
      {settings.data && (
        <Stack gap="lg">
          <Stack gap={4}>
            <Text id={themeLabelId} size="sm" fw={500}>
              Theme
            </Text>
            <SegmentedControl<Settings['theme']>
              aria-labelledby={themeLabelId}
              value={settings.data.theme}
              onChange={(theme) => change({ theme })}
              data={THEME_CHOICES}
              disabled={update.isPending}
            />
            <Text size="xs" c="dimmed">
              System follows the light or dark setting of your desktop.
            </Text>
          </Stack>
          <Switch
            label="Connect to saved hosts when VirtDeck starts"
            checked={settings.data.connectOnStart}
            onChange={(event) => change({ connectOnStart: event.currentTarget.checked })}
            disabled={update.isPending}
          />
          <Switch
            label="Save passwords even where no keyring protects them"
            description={secrets.data?.message}
            checked={settings.data.allowPlainSecrets}
            onChange={(event) => change({ allowPlainSecrets: event.currentTarget.checked })}
            disabled={update.isPending}
          />
        </Stack>
      )}
    </Modal>
  )
}
