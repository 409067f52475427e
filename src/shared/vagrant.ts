import { z } from 'zod'

/**
 * A Vagrant project as the designer edits it. The generator turns it into an idiomatic
 * Vagrantfile; the model travels inside that file so it opens back losslessly. Every string is
 * data: the generator writes each as a Ruby literal that cannot be broken out of.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Any text the user types: well-formed Unicode (Ruby cannot hold a lone surrogate), bounded. */
const text = (max = 4096): z.ZodString =>
  z
    .string()
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), 'Text with a broken Unicode character (a lone surrogate)')
const line = (max = 1024): z.ZodString => text(max).refine((s) => !/[\r\n]/.test(s), 'One line only')
const port = z.number().int().min(1).max(65535)
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/i
/** An IPv4 or IPv6 address, as Vagrant passes it on (no host names, no prefix). */
const address = z
  .string()
  .max(64)
  .refine((s) => IPV4.test(s) || (IPV6.test(s) && s.length >= 2), 'An IP address like 192.168.56.10')
/** A netmask: dotted (255.255.255.0) or a prefix length (24). */
const netmask = z
  .string()
  .max(64)
  .refine(
    (s) => IPV4.test(s) || (/^\d{1,3}$/.test(s) && Number(s) <= 128),
    'A netmask like 255.255.255.0 or a prefix length like 24',
  )
/** A network with its prefix, as vagrant-libvirt's management network takes it: 192.168.121.0/24. */
const cidr = z
  .string()
  .max(64)
  .refine((s) => {
    const [ip = '', prefix = '', ...rest] = s.split('/')
    return rest.length === 0 && IPV4.test(ip) && /^\d{1,2}$/.test(prefix) && Number(prefix) <= 32
  }, 'A network like 192.168.121.0/24')
const positive = z.number().int().min(1)

export const RUN_MODES = ['once', 'always', 'never'] as const
export type RunMode = (typeof RUN_MODES)[number]

/** vagrant-libvirt's per-network options (`libvirt__dev:` and friends). */
export const libvirtNetworkOptionsSchema = z
  .object({
    dev: line(64).optional(),
    mode: z.enum(['bridge', 'vepa', 'private', 'passthrough', 'nat', 'route', 'none']).optional(),
    type: z.enum(['direct', 'network', 'bridge', 'udp', 'tunnel']).optional(),
    networkName: line(200).optional(),
    portgroup: line(200).optional(),
    ovs: z.boolean().optional(),
    trustGuestRxFilters: z.boolean().optional(),
    forward: z.enum(['nat', 'route', 'none', 'open', 'veryisolated']).optional(),
  })
  .strict()
export type LibvirtNetworkOptions = z.infer<typeof libvirtNetworkOptionsSchema>

const privateNetwork = z
  .object({
    kind: z.literal('private_network'),
    /** DHCP, or a static address with its netmask. */
    dhcp: z.boolean().default(false),
    ip: address.optional(),
    netmask: netmask.optional(),
    libvirt: libvirtNetworkOptionsSchema.optional(),
  })
  .strict()
  .refine((n) => n.dhcp || n.ip !== undefined, 'A private network needs an IP address or DHCP')
const publicNetwork = z
  .object({
    kind: z.literal('public_network'),
    /** The host interface(s) to bridge, as Vagrant names them ("eth0: First NIC"). */
    bridge: z.array(line(200)).max(16).default([]),
    ip: address.optional(),
    useDhcpAssignedDefaultRoute: z.boolean().optional(),
    libvirt: libvirtNetworkOptionsSchema.optional(),
  })
  .strict()
const forwardedPort = z
  .object({
    kind: z.literal('forwarded_port'),
    guest: port,
    host: port,
    id: line(200).optional(),
    protocol: z.enum(['tcp', 'udp']).optional(),
    hostIp: address.optional(),
    autoCorrect: z.boolean().optional(),
  })
  .strict()
export const networkSchema = z.discriminatedUnion('kind', [privateNetwork, publicNetwork, forwardedPort])
export type VagrantNetwork = z.infer<typeof networkSchema>

/** One part of a PCI address, hexadecimal (`0x06` or `06`). */
const pciPart = z.string().regex(/^(0x)?[0-9a-f]{1,4}$/i, 'A PCI address like 0000:01:00.0')
const pciDevice = z
  .object({
    domain: pciPart.optional(),
    bus: pciPart,
    slot: pciPart,
    function: pciPart,
  })
  .strict()

export const libvirtProviderSchema = z
  .object({
    driver: z.enum(['kvm', 'qemu']).optional(),
    uri: line(500).optional(),
    qemuUseSession: z.boolean().optional(),
    cpuMode: z.enum(['host-passthrough', 'host-model', 'custom']).optional(),
    nested: z.boolean().optional(),
    memory: positive.optional(),
    cpus: positive.optional(),
    diskBus: z.enum(['virtio', 'scsi', 'sata', 'ide']).optional(),
    diskCache: z.enum(['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe']).optional(),
    graphicsType: z.enum(['vnc', 'spice', 'none']).optional(),
    videoType: z.enum(['cirrus', 'vga', 'qxl', 'virtio', 'none']).optional(),
    storagePoolName: line(200).optional(),
    kvmHidden: z.boolean().optional(),
    /** Shared memory backing (needed by virtiofs synced folders). */
    sharedMemory: z.boolean().optional(),
    pci: z.array(pciDevice).max(16).default([]),
    managementNetworkName: line(200).optional(),
    managementNetworkAddress: cidr.optional(),
    managementNetworkMode: z.enum(['nat', 'route', 'none', 'open', 'veryisolated']).optional(),
  })
  .strict()
export const virtualboxProviderSchema = z
  .object({
    memory: positive.optional(),
    cpus: positive.optional(),
    name: line(200).optional(),
    gui: z.boolean().optional(),
  })
  .strict()
export const dockerProviderSchema = z
  .object({
    image: line(500),
    /** The container's command, one argument per entry. */
    cmd: z.array(text(4096)).max(64).default([]),
    /** "host:guest" port mappings. */
    ports: z.array(line(100)).max(64).default([]),
    hasSsh: z.boolean().default(false),
    remainsRunning: z.boolean().optional(),
    name: line(200).optional(),
  })
  .strict()
export const providersSchema = z
  .object({
    libvirt: libvirtProviderSchema.optional(),
    virtualbox: virtualboxProviderSchema.optional(),
    docker: dockerProviderSchema.optional(),
  })
  .strict()
export type VagrantProviders = z.infer<typeof providersSchema>
export const PROVIDERS = ['libvirt', 'virtualbox', 'docker'] as const
export type VagrantProvider = (typeof PROVIDERS)[number]

const common = { name: line(200).optional(), run: z.enum(RUN_MODES).optional() }
const stringMap = z.record(line(200), text(4096))
const provisioners = [
  z
    .object({
      type: z.literal('shell'),
      ...common,
      inline: text(65536).optional(),
      path: line(1024).optional(),
      privileged: z.boolean().optional(),
      args: z.array(text(4096)).max(64).default([]),
    })
    .strict(),
  z.object({ type: z.literal('file'), ...common, source: line(1024), destination: line(1024) }).strict(),
  z
    .object({
      type: z.literal('ansible'),
      ...common,
      playbook: line(1024),
      extraVars: stringMap.default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal('ansible_local'),
      ...common,
      playbook: line(1024),
      extraVars: stringMap.default({}),
    })
    .strict(),
  z.object({ type: z.literal('docker'), ...common, images: z.array(line(500)).max(64).default([]) }).strict(),
  z
    .object({
      type: z.literal('puppet'),
      ...common,
      manifestsPath: line(1024).optional(),
      manifestFile: line(1024).optional(),
      modulePath: line(1024).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('salt'),
      ...common,
      masterless: z.boolean().optional(),
      minionConfig: line(1024).optional(),
      runHighstate: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('chef_solo'),
      ...common,
      cookbooksPath: line(1024).optional(),
      runList: z.array(line(200)).max(64).default([]),
    })
    .strict(),
  z
    .object({
      type: z.literal('chef_zero'),
      ...common,
      cookbooksPath: line(1024).optional(),
      nodesPath: line(1024),
      runList: z.array(line(200)).max(64).default([]),
    })
    .strict(),
  z
    .object({
      type: z.literal('chef_client'),
      ...common,
      chefServerUrl: line(1024),
      validationKeyPath: line(1024),
      runList: z.array(line(200)).max(64).default([]),
    })
    .strict(),
  z.object({ type: z.literal('chef_apply'), ...common, recipe: text(65536) }).strict(),
  z
    .object({
      type: z.literal('cfengine'),
      ...common,
      policyServerAddress: line(200).optional(),
      amPolicyHub: z.boolean().optional(),
      runFile: line(1024).optional(),
    })
    .strict(),
] as const
export const provisionerSchema = z
  .discriminatedUnion('type', provisioners)
  .refine(
    (p) => p.type !== 'shell' || (p.inline === undefined) !== (p.path === undefined),
    'A shell provisioner runs either an inline script or a path, not both',
  )
export type VagrantProvisioner = z.infer<typeof provisionerSchema>
export type ProvisionerType = VagrantProvisioner['type']

export const syncedFolderSchema = z
  .object({
    hostPath: line(1024),
    guestPath: line(1024),
    type: z.enum(['nfs', 'rsync', '9p', 'virtiofs']).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
export type SyncedFolder = z.infer<typeof syncedFolderSchema>

/** What both the whole project (`config`) and each machine (`define`) can set. */
const settingsShape = {
  box: line(500).optional(),
  boxVersion: line(100).optional(),
  boxUrl: line(2048).optional(),
  /** Vagrant's own rule: letters, digits, dots and dashes, not starting with a dash or dot. */
  hostname: line(253)
    .regex(/^[a-z0-9][-.a-z0-9]*$/i, 'A host name has letters, digits, dots and dashes only')
    .optional(),
  networks: z.array(networkSchema).max(32).default([]),
  providers: providersSchema.default({}),
  provisioners: z.array(provisionerSchema).max(64).default([]),
  /** Including the default `.` → `/vagrant` when the user changes or disables it. */
  syncedFolders: z.array(syncedFolderSchema).max(32).default([]),
}

export const machineSchema = z
  .object({
    /** Vagrant refuses `[ ] { } /` in a machine name; it is also a folder name under `.vagrant/machines/`. */
    name: line(200)
      .min(1, 'Name the machine')
      .refine(
        // eslint-disable-next-line no-control-regex -- control characters are what it refuses
        (s) => !/[[\]{}/\u0000-\u001f\u007f]/.test(s),
        'A machine name has none of [ ] { } / and no control character',
      ),
    primary: z.boolean().optional(),
    autostart: z.boolean().optional(),
    ...settingsShape,
  })
  .strict()
export type VagrantMachine = z.infer<typeof machineSchema>

export const vagrantModelSchema = z
  .object({
    ...settingsShape,
    machines: z
      .array(machineSchema)
      .max(64)
      .default([])
      .refine((ms) => new Set(ms.map((m) => m.name)).size === ms.length, 'Machine names must differ')
      .refine((ms) => ms.filter((m) => m.primary).length <= 1, 'Only one machine can be primary'),
  })
  .strict()
export type VagrantModel = z.infer<typeof vagrantModelSchema>
export type VagrantModelInput = z.input<typeof vagrantModelSchema>
export type MachineSettings = Omit<VagrantModel, 'machines'>

/** Things that validate yet will not work the way the user expects. */
export function modelWarnings(model: VagrantModel): string[] {
  const warnings: string[] = []
  const scopes: { label: string; settings: MachineSettings }[] = [
    { label: 'all machines', settings: model },
    ...model.machines.map((m) => ({ label: `machine ${m.name}`, settings: m })),
  ]
  for (const { label, settings } of scopes) {
    const virtiofs = settings.syncedFolders.some((f) => f.type === 'virtiofs' && f.disabled !== true)
    const shared =
      settings.providers.libvirt?.sharedMemory === true || model.providers.libvirt?.sharedMemory === true
    if (virtiofs && !shared)
      warnings.push(
        `${label}: a virtiofs synced folder needs shared memory backing on libvirt — turn on "Shared memory" in the libvirt provider settings`,
      )
  }
  return warnings
}
