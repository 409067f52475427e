/**
 * Copies text. The async clipboard API first; where it is refused (a permission handler that
 * denies everything, an insecure context) the older selection-and-copy route.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    // fall through
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  const copied = document.execCommand('copy')
  area.remove()
  if (!copied) throw new Error('The clipboard is not available here.')
}

/** Saves text as a file through a Blob link (no navigation; works the same in Electron and the browser). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `virtdeck-doctor-<host>-<YYYY-MM-DD>.<ext>`, the host name made safe for any file system. */
export function reportFileName(hostName: string, generatedAt: string, ext: 'md' | 'json'): string {
  const host =
    hostName
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'host'
  return `virtdeck-doctor-${host}-${generatedAt.slice(0, 10)}.${ext}`
}
