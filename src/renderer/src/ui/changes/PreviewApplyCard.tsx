import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { JSX, ReactNode } from 'react'
import { useId, useState } from 'react'
import type { AppError } from '@shared/errors.js'
import { ErrorDetails } from '../../notify/ErrorDetails'
import { ConfirmModal } from './ConfirmModal'
import type { RunningCall } from './ConfirmModal'

/** A streaming call that applies a plan main keeps, named by its id (nested.apply, nested.guestCpuApply). */
export interface ApplyCall extends RunningCall {
  mutation: RunningCall['mutation'] & {
    mutate(input: { hostId: string; planId: string }, options: { onSuccess(): void }): void
  }
}

interface Props<P extends { id: string }> {
  title: string
  /** What the change is for and what it does, under the title. */
  intro: ReactNode
  /** Choices above the row of buttons (e.g. the method). */
  options?: ReactNode
  hostId: string
  /** The preview call: pending while main builds the plan, then the plan or why there is none. */
  plan: { isPending: boolean; error: AppError | null; data: P | undefined }
  apply: ApplyCall
  /** Inputs on the row of the buttons, before them. */
  fields?: ReactNode
  previewLabel: string
  previewVariant?: 'filled' | 'default'
  previewDisabled?: boolean
  onPreview(): void
  applyLabel(plan: P): string
  canApply(plan: P): boolean
  /** What the plan will do, shown under the row once it is previewed. */
  children(plan: P): ReactNode
  /** What was done, once it is applied. */
  applied: { title: string; text: ReactNode } | undefined
  confirmTitle: string
  /** What applying does, in the confirmation. */
  confirmText: ReactNode
}

/**
 * A card that previews a change to a host, then applies exactly that plan behind a confirmation, with
 * progress and cancel.
 */
export function PreviewApplyCard<P extends { id: string }>(props: Props<P>): JSX.Element {
  const { hostId, plan, apply, applied } = props
  const titleId = useId()
  const [confirming, setConfirming] = useState(false)
  const preview = plan.data
  const confirm = (): void => {
    if (preview === undefined) return
    apply.mutation.mutate({ hostId, planId: preview.id }, { onSuccess: () => setConfirming(false) })
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h4" id={titleId} mb={4}>
        {props.title}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {props.intro}
      </Text>
      {props.options}
      <Group align="flex-end" gap="sm">
        {props.fields}
        <Button
          variant={props.previewVariant ?? 'default'}
          onClick={props.onPreview}
          loading={plan.isPending}
          disabled={props.previewDisabled === true}
        >
          {props.previewLabel}
        </Button>
        {preview !== undefined && (
          <Button onClick={() => setConfirming(true)} disabled={!props.canApply(preview)}>
            {props.applyLabel(preview)}
          </Button>
        )}
      </Group>
      {plan.error !== null && (
        <Alert color="red" mt="md" title="Could not preview the change">
          <ErrorDetails error={plan.error} />
        </Alert>
      )}
      {preview !== undefined && (
        <Stack mt="md" gap="sm">
          {props.children(preview)}
        </Stack>
      )}
      {applied !== undefined && (
        <Alert color="teal" mt="md" title={applied.title} role="status">
          {applied.text}
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={props.confirmTitle}
        confirmLabel="Apply changes"
        call={apply}
        onConfirm={confirm}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">{props.confirmText}</Text>
      </ConfirmModal>
    </Card>
  )
}
