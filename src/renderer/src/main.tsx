import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { MantineProvider, Modal } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createQueryClient } from './api/queryClient'
import { NOTIFICATIONS_LIMIT, NOTIFICATIONS_POSITION } from './notify/notify'
import { theme } from './theme'
// console: begin
import { ConsoleWindow } from './console/ConsoleWindow'
import { parseConsoleRoute } from '@shared/console-route.js'
const consoleRoute = parseConsoleRoute(location.hash)
// console: end

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element')

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      {/* Mantine caps a notification at 200 px and centres its content: an expanded error lost its title. */}
      <Notifications
        position={NOTIFICATIONS_POSITION}
        limit={NOTIFICATIONS_LIMIT}
        notificationMaxHeight="calc(100vh - 32px)"
      />
      <QueryClientProvider client={createQueryClient()}>
        {/* One stack for every dialog: a host-key or password prompt opens above the dialog that caused it. */}
        <Modal.Stack>
          {consoleRoute === undefined ? <App /> : <ConsoleWindow {...consoleRoute} />}
        </Modal.Stack>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
