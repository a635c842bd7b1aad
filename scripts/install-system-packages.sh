#!/usr/bin/env bash
# Install the Debian packages the project uses, only those missing (apt-get needs root).
set -euo pipefail
# dovecot serves a real IMAP and POP3 bounce mailbox in the tests; lame is the audio benchmark's floor;
# WeasyPrint (the PDF channel) draws text with Pango and HarfBuzz, in DejaVu fonts; nginx-light runs the
# shipped web server configuration (deploy/nginx) in its tests.
packages=(espeak-ng ffmpeg lame chromium dovecot-imapd dovecot-pop3d libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nginx-light)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The HTML validator (vnu) runs on Java; any Java 11+ will do.
command -v java >/dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
