import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { JSX } from 'react'
import { useState } from 'react'
import type { LxcContainer } from '@shared/containers.js'
import { LXC_NAME_PATTERN } from '@shared/containers.js'
import type { AppError } from '@shared/errors.js'
import { invoke, queryKey } from '../api/virtdeck'
import { ErrorDetails } from '../notify/ErrorDetails'
import { useLxcTemplates } from './useContainers'

const BRIDGE = /^[a-zA-Z0-9_.-]{1,15}$/

/** New LXC container from a template in /usr/share/lxc/templates, with the template's own options listed. */
export function LxcCreateModal({
  hostId,
  opened,
  onClose,
}: {
  hostId: string
  opened: boolean
  onClose(): void
}): JSX.Element {
  const client = useQueryClient()
  const templates = useLxcTemplates(hostId, opened)
  const [name, setName] = useState('')
  const [template, setTemplate] = useState<string | null>(null)
  const [args, setArgs] = useState('')
  const [bridge, setBridge] = useState('')
  const [errors, setErrors] = useState<{
    name?: string | undefined
    template?: string | undefined
    bridge?: string | undefined
  }>({})
  const chosen = templates.data?.find((t) => t.name === template)
  const create = useMutation<LxcContainer, AppError>({
    mutationFn: () =>
      invoke('lxc.create', {
        hostId,
        name: name.trim(),
        template: template ?? '',
        templateArgs: args.split('\n').filter((a) => a !== ''),
        ...(bridge.trim() === '' ? {} : { bridge: bridge.trim() }),
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKey('lxc.list', { hostId }) })
      setName('')
      setArgs('')
      close()
    },
  })
  const close = (): void => {
    create.reset()
    setErrors({})
    onClose()
  }
  const submit = (): void => {
    const next: typeof errors = {}
    if (!LXC_NAME_PATTERN.test(name.trim()))
      next.name =
        'Letters, digits, _ . - only, starting with a letter or digit (at most 64): it becomes a folder.'
    if (template === null) next.template = 'Choose a template.'
    if (bridge.trim() !== '' && !BRIDGE.test(bridge.trim()))
      next.bridge = 'A bridge name: letters, digits, _ . - (at most 15).'
    setErrors(next)
    if (Object.keys(next).length === 0) create.mutate()
  }
  return (
    <Modal opened={opened} onClose={close} title="New LXC container" size="lg">
      <Stack gap="sm">
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value)
            setErrors((x) => ({ ...x, name: undefined }))
          }}
          error={errors.name}
        />
        <Select
          label="Template"
          placeholder={templates.isPending ? 'Reading the templates…' : 'Choose a template'}
          data={(templates.data ?? []).map((t) => ({
            value: t.name,
            label: t.needsNetwork
              ? `${t.name} (needs the network${t.offline === undefined ? '' : ' — offline'})`
              : t.name,
          }))}
          value={template}
          onChange={(v) => {
            setTemplate(v)
            setErrors((x) => ({ ...x, template: undefined }))
          }}
          searchable
          error={errors.template}
        />
        {templates.error !== null && <ErrorDetails error={templates.error} />}
        {chosen?.needsNetwork === true && (
          <Alert
            color={chosen.offline === undefined ? 'yellow' : 'red'}
            title={`${chosen.name} needs the network${chosen.offline === undefined ? '' : ', and this host is offline'}`}
          >
            {chosen.offline !== undefined && `${chosen.offline} `}
            {chosen.name === 'download'
              ? 'It downloads a prebuilt image from images.linuxcontainers.org; without internet access the creation fails. '
              : 'It fetches packages from the distribution’s mirrors; without internet access the creation fails. '}
            Offline, use busybox (built from this host’s busybox) or local.
          </Alert>
        )}
        {chosen !== undefined && chosen.options.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Options of {chosen.name}
            </Text>
            <ScrollArea.Autosize mah={140}>
              <Code block aria-label={`Options of ${chosen.name}`}>
                {chosen.options.join('\n')}
              </Code>
            </ScrollArea.Autosize>
          </Stack>
        )}
        <Textarea
          label="Template options"
          description="One argument per line, passed after -- as they are (e.g. --dist, debian)"
          autosize
          minRows={1}
          value={args}
          onChange={(e) => setArgs(e.currentTarget.value)}
        />
        <TextInput
          label="Bridge"
          description="lxc.net.0.link; empty: the host’s /etc/lxc/default.conf"
          placeholder="virbr0"
          value={bridge}
          onChange={(e) => {
            setBridge(e.currentTarget.value)
            setErrors((x) => ({ ...x, bridge: undefined }))
          }}
          error={errors.bridge}
        />
        {create.error !== null && (
          <Alert color="red" title="The container was not created">
            <ErrorDetails error={create.error} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
