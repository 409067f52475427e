/**
 * Why `vagrant plugin install` failed, in the user's words, with the distribution's package as
 * the way out (plugin installs build native gems and fetch from rubygems.org: both fail often).
 */
const PACKAGES: Record<string, string> = {
  'vagrant-libvirt': 'vagrant-libvirt',
}

export function explainPluginFailure(plugin: string, output: string): string {
  const pkg = PACKAGES[plugin]
  const instead =
    pkg === undefined
      ? 'Check whether your distribution packages this plugin, and install that package instead.'
      : `Install your distribution's package instead, which needs no network and no compiler: Debian/Ubuntu \`sudo apt install ${pkg}\`, Fedora \`sudo dnf install ${pkg}\`. Vagrant finds it as a system plugin.`
  if (
    /Could not resolve host|SocketError|getaddrinfo|Failed to open TCP|Network is unreachable|Unable to resolve dependency|Could not find a valid gem|Errno::ECONNREFUSED|timed out/i.test(
      output,
    )
  )
    return `Vagrant could not reach rubygems.org to download ${plugin} (no network, or a proxy in the way). ${instead}`
  if (/extconf\.rb failed|Failed to build gem native extension|library not found|mkmf/i.test(output))
    return `Building ${plugin}'s native part failed: its development headers (for vagrant-libvirt: libvirt-dev, and a compiler) are missing, or they do not match Vagrant's Ruby. ${instead}`
  if (
    /conflicting dependencies|Bundler.*could not find compatible versions|failed to properly resolve/i.test(
      output,
    )
  )
    return `The Ruby gems ${plugin} needs conflict with the ones Vagrant already uses. ${instead}`
  return `Vagrant could not install ${plugin}; its output is above. ${instead}`
}
