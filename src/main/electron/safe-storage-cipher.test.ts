import { describe, expect, it } from 'vitest'
import { openStore } from '../store/index.js'
import { createSafeStorageCipher } from './safe-storage-cipher.js'
import type { SafeStorageLike } from './safe-storage-cipher.js'

/**
 * Electron cannot run here: these tests hand the cipher a stand-in object with the shape of
 * Electron's safeStorage (async API, storage backend). The store around it is real (SQLite in memory).
 */
function standIn(
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
  available = true,
): SafeStorageLike {
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (plain) => xor(Buffer.from(plain, 'utf8')),
    decryptStringAsync: async (sealed) => ({ result: xor(sealed).toString('utf8'), shouldReEncrypt: false }),
  }
}

function storeWith(safeStorage: SafeStorageLike): ReturnType<typeof openStore> {
  return openStore(':memory:', createSafeStorageCipher(safeStorage, 'linux'))
}

describe("secrets through safeStorage (stand-in for Electron's safeStorage)", () => {
  it('keeps a password in the keyring when a real backend is selected', async () => {
    const store = storeWith(standIn('gnome_libsecret'))
    expect(await store.secrets.status()).toMatchObject({ mode: 'keyring', canSave: true })
    await store.secrets.put('host:a', 'pw')
    expect(await store.secrets.get('host:a')).toBe('pw')
    store.close()
  })

  it('with basic_text (a hard-coded key) refuses to save until the user accepts the plain risk, and says which applies', async () => {
    const store = storeWith(standIn('basic_text'))
    const refused = await store.secrets.status()
    expect(refused).toMatchObject({ mode: 'plain-refused', canSave: false })
    expect(refused.message).toMatch(/no system keyring/i)
    await expect(store.secrets.put('host:a', 'pw')).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    expect(store.secrets.has('host:a')).toBe(false)

    store.settings.update({ allowPlainSecrets: true })
    const accepted = await store.secrets.status()
    expect(accepted).toMatchObject({ mode: 'plain-accepted', canSave: true })
    expect(accepted.message).toMatch(/not protected by a keyring/i)
    await store.secrets.put('host:a', 'pw')
    expect(await store.secrets.get('host:a')).toBe('pw')
    store.close()
  })

  it('refuses to save when encryption is not available at all', async () => {
    const store = storeWith(standIn('gnome_libsecret', false))
    expect(await store.secrets.status()).toMatchObject({ mode: 'none', canSave: false })
    await expect(store.secrets.put('host:a', 'pw')).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    store.close()
  })
})
