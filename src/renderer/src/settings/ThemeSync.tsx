import { useMantineColorScheme } from '@mantine/core'
import { useEffect } from 'react'
import type { Settings } from '@shared/settings.js'
import { useSettings } from '../api/useSettings'

const SCHEMES = { system: 'auto', light: 'light', dark: 'dark' } as const satisfies Record<
  Settings['theme'],
  string
>

/** Applies the saved theme to Mantine; "system" follows the operating system's light/dark setting. */
export function ThemeSync(): null {
  const settings = useSettings()
  const { setColorScheme } = useMantineColorScheme()
  const theme = settings.data?.theme
  useEffect(() => {
    if (theme) setColorScheme(SCHEMES[theme])
  }, [theme, setColorScheme])
  return null
}
