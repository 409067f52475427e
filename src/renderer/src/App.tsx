import type { JSX } from 'react'
import { useEffect, useState } from 'react'
import { useHostEvents, useHosts } from './api/useHosts'
import { useVmEvents } from './api/useVms'
// containers: begin
import { useContainerEvents } from './containers/useContainerEvents'
// containers: end
import { HostDialog } from './hosts/HostDialog'
import { ImportSshConfigDialog } from './hosts/ImportSshConfigDialog'
import { HostKeyProvider } from './hostkeys/HostKeyProvider'
import { AppLayout } from './layout/AppLayout'
import { HostSidebar } from './layout/HostSidebar'
import { MainView } from './layout/MainView'
import type { PanelId } from './layout/panels'
import { notifySuccess } from './notify/notify'
import { PasswordPromptModal } from './prompts/PasswordPromptModal'
import { SettingsModal } from './settings/SettingsModal'
import { ThemeSync } from './settings/ThemeSync'
// vagrant: begin
import { useNavigationListener } from './vagrant/navigation'
// vagrant: end

type Dialog = 'add-host' | 'import' | 'settings' | null

/** Marks the page ready for end-to-end tests once the first host list has arrived. */
function useReadyMarker(ready: boolean): void {
  useEffect(() => {
    if (ready) document.documentElement.dataset['ready'] = 'true'
  }, [ready])
}

export function App(): JSX.Element {
  useHostEvents()
  useVmEvents()
  // containers: begin
  useContainerEvents()
  // containers: end
  const hosts = useHosts()
  useReadyMarker(hosts.isSuccess)
  const [hostId, setHostId] = useState<string | null>(null)
  const [panel, setPanel] = useState<PanelId>('overview')
  const [dialog, setDialog] = useState<Dialog>(null)
  // vagrant: begin — links between a VM and its Vagrant project switch host and panel
  useNavigationListener((request) => {
    setHostId(request.hostId)
    setPanel(request.panel)
  })
  // vagrant: end

  const list = hosts.data
  const selected = list?.find((host) => host.id === hostId) ?? list?.[0]
  const selectHost = (id: string): void => {
    setHostId(id)
    setPanel('overview')
  }
  const close = (): void => setDialog(null)

  return (
    <HostKeyProvider>
      <ThemeSync />
      <AppLayout
        onOpenSettings={() => setDialog('settings')}
        navbar={
          <HostSidebar
            hosts={list}
            loading={hosts.isPending}
            error={hosts.error}
            selected={selected}
            panel={panel}
            onSelectHost={selectHost}
            onSelectPanel={setPanel}
            onAddHost={() => setDialog('add-host')}
            onImport={() => setDialog('import')}
          />
        }
      >
        <MainView
          hosts={list}
          loading={hosts.isPending}
          error={hosts.error}
          host={selected}
          panel={panel}
          onRetry={() => void hosts.refetch()}
          onAddHost={() => setDialog('add-host')}
          onImport={() => setDialog('import')}
          onDeleted={() => setHostId(null)}
          onOpen={(id, next) => {
            setHostId(id)
            setPanel(next)
          }}
        />
      </AppLayout>
      <HostDialog
        opened={dialog === 'add-host'}
        onClose={close}
        onSaved={(host) => {
          close()
          selectHost(host.id)
          notifySuccess(
            `add-host:${host.id}`,
            'Host added',
            host.state.status === 'disconnected'
              ? `${host.name} was added. Connect to it from its page.`
              : `${host.name} was added.`,
          )
        }}
      />
      <ImportSshConfigDialog opened={dialog === 'import'} hosts={list ?? []} onClose={close} />
      <SettingsModal opened={dialog === 'settings'} onClose={close} />
      <PasswordPromptModal />
    </HostKeyProvider>
  )
}
