import { ActionIcon, Button, Group, Loader, Menu, Text } from '@mantine/core'
import type { JSX } from 'react'
import type { VmAction } from '@shared/vms.js'
import type { DomainSummary } from '@shared/vms.js'
import { isActive } from './format'
import { ACTION_WORDS } from './useVmActions'

/** The actions that open a dialog first. */
export type VmConfirmKind = 'destroy' | 'delete' | 'rename'

interface Props {
  vm: DomainSummary
  busy: string | undefined
  onAction(action: VmAction): void
  /** Force off and delete ask first: the panel shows the confirmation. */
  onConfirm(kind: VmConfirmKind): void
  compact?: boolean
}

/** The one obvious action for the VM's state, and the rest in a menu. */
export function primaryAction(vm: DomainSummary): VmAction {
  if (vm.state === 'paused' || vm.state === 'pmsuspended') return 'resume'
  return isActive(vm.state) ? 'shutdown' : 'start'
}

function DotsIcon(): JSX.Element {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="currentColor" aria-hidden focusable="false">
      <circle cx="5" cy="12" r="1.8" />
      <circle cx="12" cy="12" r="1.8" />
      <circle cx="19" cy="12" r="1.8" />
    </svg>
  )
}

export function VmRowActions({ vm, busy, onAction, onConfirm, compact = true }: Props): JSX.Element {
  const active = isActive(vm.state)
  const paused = vm.state === 'paused'
  const primary = primaryAction(vm)
  if (busy !== undefined) {
    return (
      <Group gap={6} wrap="nowrap" role="status" aria-label={`${vm.name}: ${busy}`}>
        <Loader size={14} aria-hidden />
        <Text size="xs" c="dimmed" truncate>
          {busy}…
        </Text>
      </Group>
    )
  }
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button
        size={compact ? 'compact-sm' : 'sm'}
        variant="light"
        onClick={() => onAction(primary)}
        aria-label={`${ACTION_WORDS[primary].label} ${vm.name}`}
      >
        {ACTION_WORDS[primary].label}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={compact ? 'md' : 'lg'}
            aria-label={`More actions for ${vm.name}`}
          >
            <DotsIcon />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item disabled={active} onClick={() => onAction('start')}>
            Start
          </Menu.Item>
          <Menu.Item disabled={!active || paused} onClick={() => onAction('shutdown')}>
            Shut down
          </Menu.Item>
          <Menu.Item disabled={!active || paused} onClick={() => onAction('reboot')}>
            Reboot
          </Menu.Item>
          <Menu.Item disabled={vm.state !== 'running'} onClick={() => onAction('suspend')}>
            Pause
          </Menu.Item>
          <Menu.Item disabled={!paused} onClick={() => onAction('resume')}>
            Resume
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item onClick={() => onConfirm('rename')}>Rename…</Menu.Item>
          <Menu.Item color="red" disabled={!active} onClick={() => onConfirm('destroy')}>
            Force off…
          </Menu.Item>
          <Menu.Item color="red" onClick={() => onConfirm('delete')}>
            Delete…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  )
}
