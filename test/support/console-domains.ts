/** Diskless TCG domains for the console tests: SeaBIOS on the serial port, and a chosen display. */
import { buildElement, createElement, createText } from '../../src/main/libvirt/xml/index.js'
import type { XmlElement } from '../../src/main/libvirt/xml/index.js'

export type ConsoleDisplay = 'vnc' | 'vnc-password' | 'spice' | 'none'

export function consoleDomainXml(name: string, display: ConsoleDisplay, password = ''): string {
  const text = (tag: string, value: string, attrs: Record<string, string> = {}): XmlElement =>
    createElement(tag, attrs, [createText(value)])
  const graphics: XmlElement[] =
    display === 'vnc'
      ? [createElement('graphics', { type: 'vnc', port: '-1', autoport: 'yes', listen: '127.0.0.1' })]
      : display === 'vnc-password'
        ? [
            createElement('graphics', {
              type: 'vnc',
              port: '-1',
              autoport: 'yes',
              listen: '127.0.0.1',
              passwd: password,
            }),
          ]
        : display === 'spice'
          ? [
              createElement('graphics', {
                type: 'spice',
                port: '-1',
                autoport: 'yes',
                listen: '127.0.0.1',
                ...(password === '' ? {} : { passwd: password }),
              }),
            ]
          : []
  return `${buildElement(
    createElement('domain', { type: 'qemu' }, [
      text('name', name),
      text('memory', '64', { unit: 'MiB' }),
      text('vcpu', '1'),
      createElement('os', {}, [
        text('type', 'hvm', { arch: 'x86_64', machine: 'pc' }),
        // The boot menu keeps SeaBIOS talking (and its screen changing) for a few seconds.
        createElement('bootmenu', { enable: 'yes', timeout: '3000' }),
        createElement('bios', { useserial: 'yes' }),
      ]),
      createElement('devices', {}, [
        createElement('serial', { type: 'pty' }),
        createElement('console', { type: 'pty' }),
        ...graphics,
        ...(display === 'none'
          ? []
          : [createElement('video', {}, [createElement('model', { type: 'vga' })])]),
      ]),
    ]),
  )}\n`
}
