import { notifications } from '@mantine/notifications'
import { toAppError, isAcknowledged } from '../api/errors'
import { ErrorDetails } from './ErrorDetails'

export interface FailureNotice {
  /** Ties the notification to its item and action, e.g. `connect:<hostId>`: a repeat replaces it. */
  id: string
  /** What failed, in the user's words: "Could not connect to Lab server". */
  title: string
  error: unknown
  /** A button that fixes the cause ("Start the network"), shown under the message. */
  fix?: { label: string; run: () => void }
}

/** Shows a failed action. Cancellations and errors already shown in a dialog are not repeated. */
export function notifyFailure({ id, title, error, fix }: FailureNotice): void {
  const appError = toAppError(error)
  if (appError.code === 'CANCELLED' || isAcknowledged(appError)) return
  const notification = {
    id,
    title,
    color: 'red',
    autoClose: false as const,
    withBorder: true,
    message: (
      <ErrorDetails
        error={appError}
        {...(fix === undefined
          ? {}
          : {
              fix: {
                label: fix.label,
                run: () => {
                  notifications.hide(id)
                  fix.run()
                },
              },
            })}
      />
    ),
  }
  notifications.update(notification)
  notifications.show(notification)
}

export function notifySuccess(id: string, title: string, message: string): void {
  notifications.hide(id)
  notifications.show({ id, title, message, color: 'teal', autoClose: 5000 })
}

/** Closes a notification that is no longer true (a failure fixed since). */
export function dismissNotice(id: string): void {
  notifications.hide(id)
}
