import { describe, expect, it } from 'vitest'
import { parseDomstats } from './domstats-parse.js'
import { cpuPercent, parseMeminfo, parseProcStat } from './proc-parse.js'
import { sumSamples, vmSample } from './rates.js'

// As virsh 9.0 prints it for a diskless TCG domain with one NIC, and one with two disks and a quote in its name.
const ROUND_1 = `Domain: 'gr-probe'
  state.state=1
  state.reason=1
  cpu.time=558375407
  cpu.user=320000000
  balloon.current=65536
  balloon.maximum=65536
  balloon.rss=47004
  vcpu.current=1
  vcpu.maximum=1
  vcpu.0.time=230000000
  net.count=1
  net.0.name=vnet0
  net.0.rx.bytes=478
  net.0.tx.bytes=0
  block.count=0

Domain: 'it's "x" = y'
  state.state=1
  cpu.time=1000000000
  balloon.current=1048576
  balloon.available=1000000
  balloon.unused=400000
  vcpu.current=2
  block.count=2
  block.0.name=vda
  block.0.rd.reqs=10
  block.0.rd.bytes=4096
  block.0.wr.reqs=1
  block.0.wr.bytes=512
  block.1.name=sda
  block.1.rd.reqs=5
  block.1.rd.bytes=2048
  block.1.wr.reqs=0
  block.1.wr.bytes=0
`

describe('domstats', () => {
  it('reads each domain, quotes in the name kept, block and net counters summed', () => {
    const [a, b] = parseDomstats(ROUND_1)
    expect(a).toEqual({
      name: 'gr-probe',
      state: 1,
      cpuTimeNs: 558375407,
      vcpus: 1,
      balloonCurrentKiB: 65536,
      rssKiB: 47004,
      netRxBytes: 478,
      netTxBytes: 0,
    })
    expect(b?.name).toBe(`it's "x" = y`)
    expect(b).toMatchObject({
      blockRdBytes: 6144,
      blockWrBytes: 512,
      blockRdReqs: 15,
      blockWrReqs: 1,
      vcpus: 2,
    })
    expect(b?.netRxBytes).toBeUndefined()
  })

  it('turns two readings into rates: CPU per vCPU, I/O per second, memory from the guest balloon', () => {
    const [, before] = parseDomstats(ROUND_1)
    const after = { ...before!, cpuTimeNs: 2_000_000_000, blockRdBytes: 6144 + 8192, blockWrReqs: 5 }
    const first = vmSample(undefined, before!, 0)
    expect(first.cpuPercent).toBeUndefined()
    expect(first.memUsedBytes).toBe(600000 * 1024)
    expect(first.memTotalBytes).toBe(1000000 * 1024)
    const sample = vmSample(before, after, 2)
    // 1 s of CPU over 2 s wall on 2 vCPUs = 25 %
    expect(sample.cpuPercent).toBeCloseTo(25)
    expect(sample.diskReadBps).toBe(4096)
    expect(sample.diskWriteIops).toBe(2)
    expect(sample.netRxBps).toBeUndefined()
  })

  it('falls back to RSS without guest memory stats, and ignores counters that went back (a restart)', () => {
    const [a] = parseDomstats(ROUND_1)
    const restarted = { ...a!, cpuTimeNs: 1000, netRxBytes: 10 }
    const sample = vmSample(a, restarted, 1)
    expect(sample.memUsedBytes).toBe(47004 * 1024)
    expect(sample.memTotalBytes).toBe(65536 * 1024)
    expect(sample.cpuPercent).toBeUndefined()
    expect(sample.netRxBps).toBeUndefined()
  })

  it('sums VMs for the host, CPU as a share of the host CPUs', () => {
    const total = sumSamples(
      [
        { sample: { cpuPercent: 50, netRxBps: 100 }, vcpus: 2 },
        { sample: { cpuPercent: 100, netRxBps: 50 }, vcpus: 1 },
      ],
      4,
    )
    expect(total).toEqual({ cpuPercent: 50, netRxBps: 150 })
  })

  it('ignores garbage lines and a header without quotes', () => {
    expect(
      parseDomstats("noise\nDomain: broken\n  cpu.time=5\nDomain: 'ok'\n  cpu.time=abc\n  vcpu.current=1"),
    ).toEqual([{ name: 'ok', vcpus: 1 }])
  })
})

describe('/proc', () => {
  it('host CPU from two /proc/stat readings, the CPUs counted; memory used without cache', () => {
    const a = parseProcStat(
      'cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\nintr 1',
    )
    const b = parseProcStat('cpu  200 0 200 1400 200 0 0 0 0 0\ncpu0 1\ncpu1 1\n')
    expect(a?.cpus).toBe(2)
    // busy +200 of +1000
    expect(cpuPercent(a!, b!)).toBeCloseTo(20)
    expect(parseMeminfo('MemTotal:  1000 kB\nMemFree: 100 kB\nMemAvailable:  600 kB\n')).toEqual({
      totalBytes: 1000 * 1024,
      usedBytes: 400 * 1024,
    })
    expect(parseMeminfo('nothing')).toBeUndefined()
  })
})
