import { createContext, use } from 'react'

/**
 * Runs an action that may meet an unknown or changed SSH host key. The provider (hostkeys/) asks
 * the user to verify the key, stores it on acceptance and runs the action again.
 */
export type HostKeyCheck = <T>(action: () => Promise<T>) => Promise<T>

const passThrough: HostKeyCheck = (action) => action()

export const HostKeyCheckContext = createContext<HostKeyCheck>(passThrough)

export function useHostKeyCheck(): HostKeyCheck {
  return use(HostKeyCheckContext)
}
