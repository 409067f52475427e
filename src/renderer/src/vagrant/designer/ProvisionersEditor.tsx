import { Button, Card, Checkbox, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import type { JSX } from 'react'
import type { ProvisionerType, RunMode, VagrantProvisioner } from '@shared/vagrant.js'
import { RUN_MODES } from '@shared/vagrant.js'
import type { ErrorsAt } from './edit'
import { move, removeAt, replaceAt, textValue, withField } from './edit'

type FieldKind = 'text' | 'area' | 'bool' | 'lines' | 'map'
interface Field {
  key: string
  label: string
  kind: FieldKind
}

const RUN_LIST: Field = { key: 'runList', label: 'run list (one recipe per line)', kind: 'lines' }
/** Each provisioner's main fields, in the order the form shows them. */
const FIELDS: Record<ProvisionerType, Field[]> = {
  shell: [
    { key: 'inline', label: 'inline script', kind: 'area' },
    { key: 'path', label: 'script path (instead of inline)', kind: 'text' },
    { key: 'args', label: 'arguments (one per line)', kind: 'lines' },
    { key: 'privileged', label: 'Run as root (privileged)', kind: 'bool' },
  ],
  file: [
    { key: 'source', label: 'source on the host', kind: 'text' },
    { key: 'destination', label: 'destination in the guest', kind: 'text' },
  ],
  ansible: [
    { key: 'playbook', label: 'playbook', kind: 'text' },
    { key: 'extraVars', label: 'extra vars (name=value per line)', kind: 'map' },
  ],
  ansible_local: [
    { key: 'playbook', label: 'playbook', kind: 'text' },
    { key: 'extraVars', label: 'extra vars (name=value per line)', kind: 'map' },
  ],
  docker: [{ key: 'images', label: 'images to pull (one per line)', kind: 'lines' }],
  puppet: [
    { key: 'manifestsPath', label: 'manifests path', kind: 'text' },
    { key: 'manifestFile', label: 'manifest file', kind: 'text' },
    { key: 'modulePath', label: 'module path', kind: 'text' },
  ],
  salt: [
    { key: 'minionConfig', label: 'minion config', kind: 'text' },
    { key: 'masterless', label: 'Masterless', kind: 'bool' },
    { key: 'runHighstate', label: 'Run highstate', kind: 'bool' },
  ],
  chef_solo: [{ key: 'cookbooksPath', label: 'cookbooks path', kind: 'text' }, RUN_LIST],
  chef_zero: [
    { key: 'cookbooksPath', label: 'cookbooks path', kind: 'text' },
    { key: 'nodesPath', label: 'nodes path', kind: 'text' },
    RUN_LIST,
  ],
  chef_client: [
    { key: 'chefServerUrl', label: 'Chef server URL', kind: 'text' },
    { key: 'validationKeyPath', label: 'validation key path', kind: 'text' },
    RUN_LIST,
  ],
  chef_apply: [{ key: 'recipe', label: 'recipe', kind: 'area' }],
  cfengine: [
    { key: 'policyServerAddress', label: 'policy server address', kind: 'text' },
    { key: 'runFile', label: 'run file', kind: 'text' },
    { key: 'amPolicyHub', label: 'Is the policy hub', kind: 'bool' },
  ],
}

/** A new provisioner of a type with its required fields present (empty, for the user to fill). */
function fresh(type: ProvisionerType): VagrantProvisioner {
  switch (type) {
    case 'shell':
      return { type, inline: '', args: [] }
    case 'file':
      return { type, source: '', destination: '' }
    case 'ansible':
    case 'ansible_local':
      return { type, playbook: '', extraVars: {} }
    case 'docker':
      return { type, images: [] }
    case 'chef_solo':
      return { type, runList: [] }
    case 'chef_zero':
      return { type, nodesPath: '', runList: [] }
    case 'chef_client':
      return { type, chefServerUrl: '', validationKeyPath: '', runList: [] }
    case 'chef_apply':
      return { type, recipe: '' }
    default:
      return { type }
  }
}

const lines = (v: string): string[] => (v === '' ? [] : v.split('\n'))
function toMap(v: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const l of v.split('\n')) {
    if (l.trim() === '') continue
    const at = l.indexOf('=')
    out[at < 0 ? l : l.slice(0, at)] = at < 0 ? '' : l.slice(at + 1)
  }
  return out
}

function FieldInput({
  field,
  value,
  label,
  error,
  onChange,
}: {
  field: Field
  value: unknown
  label: string
  error: string | undefined
  onChange(v: unknown): void
}): JSX.Element {
  if (field.kind === 'bool')
    return (
      <Checkbox
        mt={8}
        label={`${label}: ${field.label}`}
        checked={value === true}
        onChange={(e) => onChange(e.currentTarget.checked || undefined)}
      />
    )
  if (field.kind === 'text')
    return (
      <TextInput
        label={`${label} ${field.label}`}
        value={typeof value === 'string' ? value : ''}
        error={error}
        onChange={(e) => onChange(textValue(e.currentTarget.value))}
      />
    )
  const text =
    field.kind === 'area'
      ? typeof value === 'string'
        ? value
        : ''
      : field.kind === 'lines'
        ? ((value as string[] | undefined) ?? []).join('\n')
        : Object.entries((value as Record<string, string> | undefined) ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')
  return (
    <Textarea
      label={`${label} ${field.label}`}
      autosize
      minRows={field.kind === 'area' ? 3 : 1}
      ff="monospace"
      value={text}
      error={error}
      onChange={(e) => {
        const v = e.currentTarget.value
        onChange(field.kind === 'area' ? textValue(v) : field.kind === 'lines' ? lines(v) : toMap(v))
      }}
    />
  )
}

/** Provisioners in order (moved up/down), each with its main fields and run: once/always/never. */
export function ProvisionersEditor({
  value,
  onChange,
  errors,
  issues,
}: {
  value: VagrantProvisioner[]
  onChange(next: VagrantProvisioner[]): void
  errors: ErrorsAt
  issues: (path: string) => string[]
}): JSX.Element {
  return (
    <Stack gap="sm">
      {value.map((p, i) => {
        const label = `Provisioner ${i + 1}`
        const set = (next: VagrantProvisioner): void => onChange(replaceAt(value, i, next))
        const record = p as unknown as Record<string, unknown>
        return (
          <Card key={i} withBorder padding="sm">
            <Stack gap="xs">
              <Group align="flex-end">
                <Select
                  label={`${label} type`}
                  data={Object.keys(FIELDS)}
                  allowDeselect={false}
                  value={p.type}
                  onChange={(t) => set(fresh((t ?? 'shell') as ProvisionerType))}
                />
                <TextInput
                  label={`${label} name`}
                  placeholder="(optional)"
                  value={p.name ?? ''}
                  error={errors(`provisioners.${i}.name`)}
                  onChange={(e) => set(withField(p, 'name', textValue(e.currentTarget.value)))}
                />
                <Select
                  label={`${label} run`}
                  data={[...RUN_MODES]}
                  placeholder="once (default)"
                  clearable
                  value={p.run ?? null}
                  onChange={(r) => set(withField(p, 'run', (r ?? undefined) as RunMode | undefined))}
                />
                <Button
                  variant="subtle"
                  size="xs"
                  disabled={i === 0}
                  onClick={() => onChange(move(value, i, -1))}
                >
                  Up
                </Button>
                <Button
                  variant="subtle"
                  size="xs"
                  disabled={i === value.length - 1}
                  onClick={() => onChange(move(value, i, 1))}
                >
                  Down
                </Button>
                <Button variant="subtle" color="red" size="xs" onClick={() => onChange(removeAt(value, i))}>
                  Remove
                </Button>
              </Group>
              {FIELDS[p.type].map((f) => (
                <FieldInput
                  key={f.key}
                  field={f}
                  label={label}
                  value={record[f.key]}
                  error={errors(`provisioners.${i}.${f.key}`)}
                  onChange={(v) => {
                    const next: Record<string, unknown> = { ...record }
                    if (v === undefined) delete next[f.key]
                    else next[f.key] = v
                    set(next as unknown as VagrantProvisioner)
                  }}
                />
              ))}
              {issues(`provisioners.${i}`).map((m) => (
                <Text key={m} size="sm" c="red">
                  {label}: {m}
                </Text>
              ))}
            </Stack>
          </Card>
        )
      })}
      <Select
        w={260}
        label="Add provisioner"
        placeholder="Choose a type…"
        data={Object.keys(FIELDS)}
        value={null}
        onChange={(t) => t !== null && onChange([...value, fresh(t as ProvisionerType)])}
      />
    </Stack>
  )
}
