import { Alert, Badge, Button, Card, Group, List, Loader, Stack, Text, TextInput, Title } from '@mantine/core'
import type { JSX } from 'react'
import { useState } from 'react'
import type { XmlPreview, VmXmlPreview } from '@shared/vms.js'
import { toAppError } from '../api/errors'
import { useDefineXml, useXmlPreview } from '../api/useVmMutations'
import { useVmXml } from '../api/useVms'
import { ErrorDetails } from '../notify/ErrorDetails'
import { notifyFailure, notifySuccess } from '../notify/notify'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { DiffView } from '../ui/DiffView'
import { XmlHistoryCard } from './XmlHistoryCard'
// vmmisc: begin
import type { JumpRequest } from '../vmmisc/XmlCodeEditor'
import { XmlCodeEditor } from '../vmmisc/XmlCodeEditor'
import { problemLine } from '../vmmisc/xmlProblemLine'
// vmmisc: end

interface Props {
  hostId: string
  uuid: string
  name: string
  running: boolean
}

/** The XML tab: the persistent definition in an editor, its changes previewed as a diff, applied with define; and the history. */
export function XmlTab(props: Props): JSX.Element {
  const xml = useVmXml(props.hostId, props.uuid)
  return (
    <Stack gap="lg">
      {xml.isPending && <Loader size="sm" aria-label="Loading the definition" />}
      {xml.error !== null && (
        <Alert color="red" title={`Could not read the definition of ${props.name}`}>
          <ErrorDetails error={xml.error} />
        </Alert>
      )}
      {xml.data !== undefined && <XmlEditor original={xml.data} {...props} />}
      <XmlHistoryCard {...props} />
    </Stack>
  )
}

function XmlEditor({ original, hostId, uuid, name, running }: Props & { original: string }): JSX.Element {
  const [draft, setDraft] = useState(original)
  // A new definition (applied here, or elsewhere while nothing is edited) starts a fresh edit; an
  // edit in progress is kept, and its apply is refused if the definition changed under it.
  const [base, setBase] = useState(original)
  const [followOriginal, setFollowOriginal] = useState(false)
  if (original !== base) {
    setBase(original)
    if (draft === base || followOriginal) {
      setDraft(original)
      setFollowOriginal(false)
    }
  }
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const preview = useXmlPreview()
  const define = useDefineXml()
  // Set when an apply was refused because the definition changed since the preview: the diff against what is there now.
  const [conflict, setConflict] = useState<VmXmlPreview | undefined>(undefined)
  const edited = draft !== original
  const result = conflict ?? preview.data
  const [jump, setJump] = useState<JumpRequest | undefined>(undefined)
  const problems = (result !== undefined && !result.valid ? result.problems : []).map((message) => ({
    message,
    line: problemLine(message, draft),
  }))
  const lineProblems = problems.flatMap((p) =>
    p.line === undefined ? [] : [{ line: p.line, message: p.message }],
  )

  const change = (text: string): void => {
    setDraft(text)
    setConflict(undefined)
    preview.reset()
  }
  const apply = (): void => {
    if (result === undefined) return
    define.mutate(
      {
        hostId,
        uuid,
        name,
        xml: draft,
        baseHash: result.baseHash,
        ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
      },
      {
        onSuccess: (applied) => {
          setConfirming(false)
          setConflict(undefined)
          setFollowOriginal(true)
          preview.reset()
          notifySuccess(
            `xml:${hostId}/${uuid}`,
            `Applied the new definition of ${name}`,
            applied.takesEffectAtNextBoot
              ? 'It takes effect at the next boot. The previous one is in the history.'
              : 'The previous one is in the history.',
          )
        },
        onError: (error) => {
          setConfirming(false)
          const fresh = changedSincePreview(error)
          if (fresh !== undefined) {
            setConflict({ ...fresh, valid: true, problems: [] })
            return
          }
          notifyFailure({
            id: `xml:${hostId}/${uuid}`,
            title: `Could not apply the definition of ${name}`,
            error,
          })
        },
      },
    )
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="xml-editor-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5" id="xml-editor-title">
          Definition
        </Title>
        {running && (
          <Badge variant="light" color="orange">
            Changes take effect at next boot
          </Badge>
        )}
      </Group>
      <Stack gap="sm">
        <XmlCodeEditor
          label={`XML definition of ${name}`}
          value={draft}
          onChange={change}
          problems={lineProblems}
          jump={jump}
        />
        <Group gap="sm">
          <Button
            onClick={() => preview.mutate({ hostId, uuid, name, xml: draft })}
            loading={preview.isPending}
            disabled={!edited}
          >
            Preview changes
          </Button>
          <Button variant="default" onClick={() => change(original)} disabled={!edited}>
            Discard changes
          </Button>
        </Group>
        {preview.error !== null && (
          <Alert color="red" title="Could not preview the change">
            <ErrorDetails error={preview.error} />
          </Alert>
        )}
        {conflict !== undefined && (
          <Alert color="orange" title="Changed outside since your preview" role="alert">
            <Text size="sm">
              The definition of {name} was changed elsewhere after you previewed this edit, so nothing was
              applied. Below is the diff against the definition as it is now: applying it would also undo the
              outside change shown with “-”.
            </Text>
          </Alert>
        )}
        {result !== undefined && !result.changed && result.valid && (
          <Text size="sm" c="dimmed" role="status">
            No change: this is the same definition.
          </Text>
        )}
        {result !== undefined && !result.valid && (
          <Alert color="red" title="libvirt does not accept this XML" role="alert">
            <List size="sm" spacing={2}>
              {problems.map((problem) => (
                <List.Item key={problem.message}>
                  {problem.message}
                  {problem.line !== undefined && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      ml="xs"
                      onClick={() => setJump({ line: problem.line ?? 1, nonce: Date.now() })}
                    >
                      Go to line {problem.line}
                    </Button>
                  )}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {result?.changed === true && (
          <Stack gap="xs">
            <Group gap="sm">
              <Text size="sm" fw={600}>
                Changes to the definition
              </Text>
              {result.takesEffectAtNextBoot && (
                <Badge variant="light" color="orange">
                  Takes effect at next boot
                </Badge>
              )}
            </Group>
            <DiffView diff={result.diff} label="Changes to the definition" />
            {result.valid && (
              <Group gap="sm" align="flex-end">
                <TextInput
                  label="Why (kept in the history)"
                  placeholder="e.g. more memory for the build"
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value)}
                  w={360}
                />
                <Button color="teal" onClick={() => setConfirming(true)}>
                  Apply
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={`Apply the new definition of ${name}?`}
        confirmLabel="Apply"
        busy={define.isPending}
        onConfirm={apply}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">
          libvirt replaces the definition with the one shown in the diff. The current one is kept in the
          history and can be restored.
          {result?.takesEffectAtNextBoot === true
            ? ` ${name} is running: the change takes effect at its next boot.`
            : ''}
        </Text>
      </ConfirmDialog>
    </Card>
  )
}

/** The preview main sent back when it refused an apply because the definition changed since. */
function changedSincePreview(error: unknown): XmlPreview | undefined {
  const appError = toAppError(error)
  const fresh = appError.data?.['preview']
  if (appError.code !== 'CONFLICT' || typeof fresh !== 'object' || fresh === null) return undefined
  return fresh as XmlPreview
}
