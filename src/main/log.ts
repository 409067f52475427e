/** A tiny namespaced logger: silent unless `DEBUG` mentions `virtdeck` (e.g. DEBUG=virtdeck:*). Never pass secrets. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  /** Always written: something went wrong that nobody asked to debug. */
  error(message: string, data?: Record<string, unknown>): void
}

function enabled(): boolean {
  return (process.env['DEBUG'] ?? '').includes('virtdeck')
}

export function createLogger(namespace: string): Logger {
  const write = (level: string, message: string, data?: Record<string, unknown>, always = false): void => {
    if (!always && !enabled()) return
    const suffix = data === undefined ? '' : ` ${JSON.stringify(data)}`
    process.stderr.write(`${new Date().toISOString()} virtdeck:${namespace} ${level} ${message}${suffix}\n`)
  }
  return {
    debug: (message, data) => write('debug', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data, true),
  }
}
