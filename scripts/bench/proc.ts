/** CPU time of processes from /proc, for the benches (Linux; clock ticks of 1/100 s). */
import { readdir, readFile } from 'node:fs/promises'

/** CPU ticks (user + system) of a process; 0 once it is gone. */
export async function ticksOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command (field 2) may contain spaces: read after its ')'; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

/** The same in seconds. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  return (await ticksOf(pid)) / 100
}

/** Every process below `pid` (children, their children, …), from /proc/PID/task/TID/children. */
export async function descendants(pid: number): Promise<number[]> {
  const out: number[] = []
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const kids = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')
    for (const kid of kids.trim().split(/\s+/).filter(Boolean).map(Number))
      out.push(kid, ...(await descendants(kid)))
  }
  return out
}
