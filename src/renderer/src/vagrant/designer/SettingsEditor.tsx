import { Group, Stack, Tabs, TextInput } from '@mantine/core'
import type { JSX } from 'react'
import type { HostInterface } from '@shared/vagrant-contract.js'
import type { MachineSettings } from '@shared/vagrant.js'
import type { ErrorsAt } from './edit'
import { textValue, withField } from './edit'
import { NetworksEditor } from './NetworksEditor'
import { ProvidersEditor } from './ProvidersEditor'
import { ProvisionersEditor } from './ProvisionersEditor'
import { SyncedFoldersEditor } from './SyncedFoldersEditor'

/** What both the project (every machine) and one machine set: box, hostname, networks, providers, provisioners, folders. */
export function SettingsEditor<T extends MachineSettings>({
  value,
  onChange,
  errors,
  issues,
  interfaces,
  sharedMemory,
  scopeLabel,
}: {
  value: T
  onChange(next: T): void
  errors: ErrorsAt
  issues: (path: string) => string[]
  interfaces: HostInterface[]
  sharedMemory: boolean
  scopeLabel: string
}): JSX.Element {
  const text = (
    key: 'box' | 'boxVersion' | 'boxUrl' | 'hostname',
    label: string,
    placeholder = '',
  ): JSX.Element => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={value[key] ?? ''}
      error={errors(key)}
      onChange={(e) => onChange(withField(value, key, textValue(e.currentTarget.value) as T[typeof key]))}
    />
  )
  const count = (n: number): string => (n === 0 ? '' : ` (${n})`)
  return (
    <Stack gap="sm">
      <Group grow align="flex-start">
        {text('box', 'Box', scopeLabel === 'all machines' ? 'debian/bookworm64' : '(the project box)')}
        {text('boxVersion', 'Box version', 'latest')}
        {text('boxUrl', 'Box URL', 'from the catalog')}
        {text('hostname', 'Hostname')}
      </Group>
      <Tabs defaultValue="networks" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="networks">Networks{count(value.networks.length)}</Tabs.Tab>
          <Tabs.Tab value="providers">Providers</Tabs.Tab>
          <Tabs.Tab value="provisioners">Provisioners{count(value.provisioners.length)}</Tabs.Tab>
          <Tabs.Tab value="folders">Synced folders{count(value.syncedFolders.length)}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="networks" pt="sm">
          <NetworksEditor
            value={value.networks}
            onChange={(networks) => onChange({ ...value, networks })}
            errors={errors}
            issues={issues}
            interfaces={interfaces}
          />
        </Tabs.Panel>
        <Tabs.Panel value="providers" pt="sm">
          <ProvidersEditor
            value={value.providers}
            onChange={(providers) => onChange({ ...value, providers })}
            errors={errors}
          />
        </Tabs.Panel>
        <Tabs.Panel value="provisioners" pt="sm">
          <ProvisionersEditor
            value={value.provisioners}
            onChange={(provisioners) => onChange({ ...value, provisioners })}
            errors={errors}
            issues={issues}
          />
        </Tabs.Panel>
        <Tabs.Panel value="folders" pt="sm">
          <SyncedFoldersEditor
            value={value.syncedFolders}
            onChange={(syncedFolders) => onChange({ ...value, syncedFolders })}
            errors={errors}
            sharedMemory={sharedMemory}
            scopeLabel={scopeLabel}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
