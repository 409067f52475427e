import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import { KEEP_ALIVE_EXPLANATION, RESTART_POLICIES } from '@shared/containers.js'
import { ErrorDetails } from '../notify/ErrorDetails'
import { readRunForm, type RunFormErrors, type RunFormValues } from './runForm'
import { useCreateContainer, useImages } from './useContainers'
import type { CreateContainerSpec } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'

const EMPTY: RunFormValues = {
  image: '',
  name: '',
  keepAlive: false,
  command: '',
  ports: '',
  env: '',
  restart: 'no',
}

/**
 * Run a container: image (from the host's images), name, ports, environment, command as arguments,
 * restart policy, and the keep-alive option with its explanation. A failed run stays in the dialog;
 * the docker0 failure is handed to the panel, which offers the repair.
 */
export function RunContainerModal({
  hostId,
  opened,
  onClose,
  onChainMissing,
}: {
  hostId: string
  opened: boolean
  onClose(): void
  onChainMissing(error: AppError, spec: CreateContainerSpec): void
}): JSX.Element {
  const [values, setValues] = useState<RunFormValues>(EMPTY)
  const [errors, setErrors] = useState<RunFormErrors>({})
  const images = useImages(hostId, opened)
  const create = useCreateContainer(hostId)
  const set = <K extends keyof RunFormValues>(key: K, value: RunFormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => ({ ...e, [key]: undefined }))
  }
  const close = (): void => {
    create.reset()
    setErrors({})
    onClose()
  }
  const submit = (): void => {
    const read = readRunForm(values)
    if ('errors' in read) {
      setErrors(read.errors)
      return
    }
    create.mutate(read.spec, {
      onSuccess: () => {
        setValues(EMPTY)
        close()
      },
      onError: (error) => {
        if (error.data?.['repair'] === 'docker0') {
          onChainMissing(error, read.spec)
          close()
        }
      },
    })
  }
  const tags = (images.data ?? []).flatMap((i) => i.tags).filter((t) => t !== '<none>:<none>')
  return (
    <Modal opened={opened} onClose={close} title="Run a container" size="lg">
      <Stack gap="sm">
        <Select
          label="Image"
          placeholder={images.isPending ? 'Reading the images…' : 'Choose an image'}
          data={tags}
          value={values.image === '' ? null : values.image}
          onChange={(v) => set('image', v ?? '')}
          searchable
          error={errors.image}
          nothingFoundMessage="No such image on this host"
        />
        <TextInput
          label="Name"
          description="Optional; Docker picks one when empty"
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
        />
        <Checkbox
          label="Keep it running (tail -f /dev/null)"
          description={KEEP_ALIVE_EXPLANATION}
          checked={values.keepAlive}
          onChange={(e) => set('keepAlive', e.currentTarget.checked)}
        />
        <Textarea
          label="Command"
          description="One argument per line, passed as they are (no shell). Empty: the image’s own."
          autosize
          minRows={1}
          value={values.command}
          onChange={(e) => set('command', e.currentTarget.value)}
          error={errors.command}
          disabled={values.keepAlive}
        />
        <TextInput
          label="Ports"
          description="HOST:CONTAINER, e.g. 8080:80, 5353:53/udp; just 80 for any free host port"
          value={values.ports}
          onChange={(e) => set('ports', e.currentTarget.value)}
          error={errors.ports}
        />
        <Textarea
          label="Environment"
          description="NAME=value, one per line"
          autosize
          minRows={1}
          value={values.env}
          onChange={(e) => set('env', e.currentTarget.value)}
          error={errors.env}
        />
        <Select
          label="Restart policy"
          data={[...RESTART_POLICIES]}
          value={values.restart}
          onChange={(v) => set('restart', (v ?? 'no') as RunFormValues['restart'])}
          allowDeselect={false}
        />
        {create.error !== null && create.error.data?.['repair'] !== 'docker0' && (
          <Alert color="red" title="The container was not started">
            <ErrorDetails error={create.error} />
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          Nothing here reaches a shell: values travel to Docker’s API as data.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            Run
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
