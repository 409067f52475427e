import { ActionIcon, AppShell, Burger, Group, Title, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { JSX, ReactNode } from 'react'
import { GearIcon } from '../ui/icons'

interface Props {
  navbar: ReactNode
  children: ReactNode
  onOpenSettings(): void
}

export function AppLayout({ navbar, children, onOpenSettings }: Props): JSX.Element {
  const [navOpened, { toggle: toggleNav }] = useDisclosure(false)
  return (
    <AppShell
      padding="lg"
      header={{ height: 52 }}
      navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label="Show the host list"
            />
            <Title order={1} size="h4">
              VirtDeck
            </Title>
          </Group>
          <Tooltip label="Settings">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label="Settings"
              onClick={onOpenSettings}
            >
              <GearIcon />
            </ActionIcon>
          </Tooltip>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">{navbar}</AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  )
}
