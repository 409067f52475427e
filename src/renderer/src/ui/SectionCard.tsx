import { Card, Title } from '@mantine/core'
import type { JSX, ReactNode } from 'react'

/** A bordered card that is a section named by its small heading. */
export function SectionCard({ title, children }: { title: string; children: ReactNode }): JSX.Element {
  const id = `card-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={3} size="h5" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Card>
  )
}
