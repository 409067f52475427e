import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { MantineProvider, Modal } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createQueryClient } from './api/queryClient'
import { theme } from './theme'

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element')

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={5} />
      <QueryClientProvider client={createQueryClient()}>
        {/* One stack for every dialog: a host-key or password prompt opens above the dialog that caused it. */}
        <Modal.Stack>
          <App />
        </Modal.Stack>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
