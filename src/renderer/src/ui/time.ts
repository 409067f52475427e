/** An ISO time in the user's locale and time zone; the text as given when it is not a time. */
export function formatWhen(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}
