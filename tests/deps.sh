#!/bin/sh
# deps: make sure the build and test dependencies (Debian 12 packages) are present.
# As root, missing packages are installed with apt-get; otherwise the exact command is
# printed and the build stops.
PKGS="build-essential pkg-config python3 gzip libetpan-dev libsqlite3-dev libjansson-dev libgnutls28-dev \
libsasl2-modules zlib1g-dev libstemmer-dev libcsv-dev libxml2-dev libzip-dev libunistring-dev sqlite3 dovecot-core dovecot-imapd openssl \
ca-certificates poppler-utils"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
line="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing" >&2
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >&2 || { echo "deps: apt-get failed" >&2; exit 1; }
else
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root:  $line" >&2
	exit 1
fi
