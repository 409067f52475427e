import { notifications } from '@mantine/notifications'
import { toAppError, isAcknowledged } from '../api/errors'
import { ErrorDetails } from './ErrorDetails'

/** Where notifications appear: at the top, centred, where they cover no row's buttons (Restore, Start…) on the right. */
export const NOTIFICATIONS_POSITION = 'top-center' as const
/** At most this many at once: older ones make way. */
export const NOTIFICATIONS_LIMIT = 3
export const FAILURE_AUTO_CLOSE_MS = 20_000
export const SUCCESS_AUTO_CLOSE_MS = 4000

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
    // Long enough to read (hovering pauses it); errors no longer pile up for good. The item's own
    // place (its row, its dialog) keeps showing what is wrong where that matters.
    autoClose: FAILURE_AUTO_CLOSE_MS,
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
  notifications.show({ id, title, message, color: 'teal', autoClose: SUCCESS_AUTO_CLOSE_MS })
}

/** A result that is not a plain success (created, but did not start): orange, and it stays as long as an error. */
export function notifyWarning(id: string, title: string, message: string): void {
  notifications.hide(id)
  notifications.show({
    id,
    title,
    message,
    color: 'orange',
    autoClose: FAILURE_AUTO_CLOSE_MS,
    withBorder: true,
  })
}

/** Closes a notification that is no longer true (a failure fixed since). */
export function dismissNotice(id: string): void {
  notifications.hide(id)
}
