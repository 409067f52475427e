import { Button } from '@mantine/core'
import type { JSX } from 'react'
import { useEffect, useState } from 'react'
import { notifyFailure } from '../notify/notify'
import { copyText } from './clipboard'

interface Props {
  text: string
  /** The accessible name, e.g. "Copy command: modprobe kvm_amd". */
  label: string
  /** What the button shows; default "Copy". */
  children?: string
  size?: 'compact-xs' | 'xs' | 'sm'
  variant?: 'default' | 'subtle' | 'light'
}

/** Copies text; says "Copied" for a moment. */
export function CopyButton({
  text,
  label,
  children = 'Copy',
  size = 'compact-xs',
  variant = 'subtle',
}: Props): JSX.Element {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(timer)
  }, [copied])
  const copy = (): void => {
    copyText(text).then(
      () => setCopied(true),
      (error: unknown) => notifyFailure({ id: `copy:${label}`, title: 'Could not copy', error }),
    )
  }
  return (
    <Button
      size={size}
      variant={variant}
      aria-label={label}
      onClick={copy}
      {...(copied ? { color: 'teal' } : {})}
    >
      {copied ? 'Copied' : children}
    </Button>
  )
}
