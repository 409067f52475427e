import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, screenshotPath, test } from './fixtures.js'

/**
 * A hand-written Vagrantfile opens in a Ruby editor (CodeMirror), is saved exactly as typed and
 * validated by the real vagrant; a change made on disk meanwhile is refused, never overwritten.
 */
const root = mkdtempSync(join(tmpdir(), 'virtdeck-e2e-vagrant-text-'))
process.env['VAGRANT_HOME'] = join(root, 'vagrant-home')
process.env['VAGRANT_CHECKPOINT_DISABLE'] = '1'
const folder = join(root, 'hand written')
const text =
  '# Written by hand\nVagrant.configure("2") do |config|\n  config.vm.box = "local/none"\n' +
  '  config.vm.provider "docker" do |d|\n    d.image = "busybox"\n  end\nend\n'

test.use({ viewport: { width: 1280, height: 1200 } })
test.afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

test('a hand-written Vagrantfile is edited as Ruby text, saved as typed and validated; an outside change is not overwritten', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000)
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'Vagrantfile'), text)
  await app.vagrant.add('local', folder)
  const main = page.getByRole('main')
  await page
    .getByRole('navigation', { name: 'Host sections' })
    .getByRole('button', { name: 'Vagrant', exact: true })
    .click()
  const editor = main.getByRole('textbox', { name: 'Vagrantfile of hand written' })
  await expect(editor).toBeVisible({ timeout: 30_000 })
  // Ruby highlighting: the keyword and the string are told apart.
  await expect(editor.locator('span').filter({ hasText: /^do$/ }).first()).toBeVisible()

  await editor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('# checked by VirtDeck\n')
  await main.getByRole('button', { name: 'Save and validate' }).click()
  await expect(main.getByText('Saved; vagrant validate accepts it.')).toBeVisible({ timeout: 60_000 })
  expect(readFileSync(join(folder, 'Vagrantfile'), 'utf8')).toBe(`${text}# checked by VirtDeck\n`)
  await page.screenshot({ path: screenshotPath('vagrant-text-editor.png') })

  // Someone changes the file on the host; the open editor's next save is refused.
  writeFileSync(join(folder, 'Vagrantfile'), `${text}# changed elsewhere\n`)
  await editor.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('# second edit\n')
  await main.getByRole('button', { name: 'Save and validate' }).click()
  await expect(main.getByText(/changed on the host since you opened it/).first()).toBeVisible()
  expect(readFileSync(join(folder, 'Vagrantfile'), 'utf8')).toBe(`${text}# changed elsewhere\n`)
})
