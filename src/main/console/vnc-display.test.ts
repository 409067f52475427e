import { describe, expect, it } from 'vitest'
import { withVncDisplay } from './vnc-display.js'

const spiceOnly = `<domain type='kvm'>
  <name>web1</name>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <graphics type='spice' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <video>
      <model type='qxl'/>
    </video>
  </devices>
</domain>
`

describe('adding a VNC display', () => {
  it('adds one on 127.0.0.1 after the SPICE display, everything else byte for byte', () => {
    expect(withVncDisplay(spiceOnly)).toBe(
      spiceOnly.replace(
        '    </graphics>\n',
        "    </graphics>\n    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>\n",
      ),
    )
  })

  it('does nothing to a VM that already has one', () => {
    const once = withVncDisplay(spiceOnly)
    expect(once && withVncDisplay(once)).toBeUndefined()
  })
})
