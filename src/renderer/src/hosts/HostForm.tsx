import { Alert, Button, Divider, Group, List, Stack } from '@mantine/core'
import type { JSX, SubmitEvent } from 'react'
import { useState } from 'react'
import type { AppError } from '@shared/errors.js'
import type { HostView } from '@shared/hosts.js'
import { useHostTest } from '../api/useHostTest'
import type { HostTestTarget } from '../api/useHostTest'
import { useAddHost, useConnectHost, useUpdateHost } from '../api/useHostMutations'
import { ErrorDetails } from '../notify/ErrorDetails'
import { dismissNotice, notifyFailure } from '../notify/notify'
import { ConnectionFields } from './ConnectionFields'
import type { DraftProblems, HostDraft } from './hostDraft'
import {
  draftFromHost,
  draftToInput,
  emptyDraft,
  hasProblems,
  problemsFromDetail,
  validateDraft,
} from './hostDraft'
import { TestConnectionPanel } from './TestConnectionPanel'

interface Props {
  /** The host being edited; absent when adding one. */
  host: HostView | undefined
  onCancel(): void
  onSaved(host: HostView): void
}

const NO_PROBLEMS: DraftProblems = { fields: {}, other: [] }

function sameDraft(a: HostDraft, b: HostDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The body of the Add/Edit host dialog. Whatever fails, the fields keep what the user typed. */
export function HostForm({ host, onCancel, onSaved }: Props): JSX.Element {
  const [draft, setDraft] = useState<HostDraft>(() => (host ? draftFromHost(host) : emptyDraft()))
  const [problems, setProblems] = useState<DraftProblems>(NO_PROBLEMS)
  const [saveError, setSaveError] = useState<AppError | null>(null)
  const test = useHostTest()
  const add = useAddHost()
  const update = useUpdateHost()
  const connect = useConnectHost()
  // What the last connection test was run on: a new host saved as tested is connected at once.
  const [tested, setTested] = useState<HostDraft | null>(null)
  const saving = add.isPending || update.isPending

  const change = (patch: Partial<HostDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }))
    setProblems((current) => {
      const fields = { ...current.fields }
      for (const key of Object.keys(patch) as (keyof HostDraft)[]) delete fields[key]
      return { fields, other: current.other }
    })
  }

  const checked = (): boolean => {
    const found = validateDraft(draft)
    setProblems(found)
    return !hasProblems(found)
  }

  const runTest = (): void => {
    if (!checked()) return
    // A saved host is tested as saved (with its stored secret) unless the user changed something.
    const target: HostTestTarget =
      host && sameDraft(draft, draftFromHost(host)) ? { saved: host.id } : { draft: draftToInput(draft) }
    setTested(draft)
    test.run(target)
  }

  const onSaveError = (error: AppError): void => {
    if (error.code === 'INVALID_INPUT') {
      setProblems(problemsFromDetail(error.detail, error.message))
      return
    }
    // A name that is taken: said at the Name field, where it is fixed.
    if (error.data?.['field'] === 'name') {
      setProblems({ fields: { name: error.message }, other: [] })
      return
    }
    setSaveError(error)
    notifyFailure({
      id: `save-host:${host?.id ?? 'new'}`,
      title: `Could not save ${draft.name || 'the host'}`,
      error,
    })
  }

  const save = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault()
    setSaveError(null)
    if (!checked()) return
    const input = draftToInput(draft)
    const onSuccess = (saved: HostView): void => {
      // An earlier "Could not save" is answered now.
      dismissNotice(`save-host:${host?.id ?? 'new'}`)
      if (
        host === undefined &&
        saved.kind === 'ssh' &&
        test.state.status === 'done' &&
        tested !== null &&
        sameDraft(tested, draft)
      )
        connect.mutate(saved.id, {
          onError: (error) =>
            notifyFailure({ id: `connect:${saved.id}`, title: `Could not connect to ${saved.name}`, error }),
        })
      onSaved(saved)
    }
    const callbacks = { onSuccess, onError: onSaveError }
    if (host) update.mutate({ id: host.id, host: input }, callbacks)
    else add.mutate(input, callbacks)
  }

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="md">
        <ConnectionFields
          draft={draft}
          errors={problems.fields}
          onChange={change}
          hasSavedSecret={host?.hasSecret ?? false}
        />
        {problems.other.length > 0 && (
          <Alert color="red" title="Please check the host">
            <List size="sm">
              {problems.other.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {saveError && (
          <Alert color="red" title={`Could not save ${draft.name || 'the host'}`}>
            <ErrorDetails error={saveError} />
          </Alert>
        )}
        <TestConnectionPanel
          state={test.state}
          onCancel={test.cancel}
          onUseUri={(libvirtUri) => change({ libvirtUri })}
        />
        <Divider />
        <Group justify="space-between">
          <Button variant="default" onClick={runTest} disabled={test.state.status === 'running' || saving}>
            Test connection
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={onCancel} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Save host
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
