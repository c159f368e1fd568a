# lib-dovecot: a private, throw-away Dovecot for the IMAP tests, the demo and the fetch
# benchmark (sourced, POSIX sh). It listens on 127.0.0.1 only, on free ports, with its
# configuration, a test CA and server certificate (openssl), a passwd-file user and a
# Maildir all inside one temp directory; nothing under /etc/dovecot is read or changed.
#
#   dove_start              start it; sets DOVE_DIR DOVE_CONF DOVE_PORT (plain+STARTTLS)
#                           DOVE_TLSPORT (IMAPS) DOVE_USER DOVE_PASS DOVE_CA DOVE_MAILDIR,
#                           and arranges dove_stop on exit (lib.sh's at_exit, else a trap)
#   dove_load_mbox FILE     put every message of an mbox into INBOX (fast: written
#                           straight into the Maildir, then indexed)
#   dove_save FILE          deliver one more message into INBOX (doveadm save)
#   dove_adm ARGS...        doveadm against this instance
#   dove_config FILE [LIST [TLS [PORT]]]  write a rapporteur config for this instance
#   dove_proxy MODE N [K]   start tests/tcp-proxy.py in front of the plain port (the first
#                           K connections cut/reset/stall after N server bytes); sets
#                           PROXY_PORT and PROXY_PID, stopped on exit. kill -USR1
#                           $PROXY_PID resets the connections open at that moment, -USR2
#                           stalls them (a silent drop, as by a NAT)
#   dove_down               stop the server (every client connection ends) and keep its
#                           directory: configuration, ports, certificates, passwd-file, Maildir
#   dove_restart            (dove_down if still running, then) start it again from that
#                           directory, on the same ports, with the same certificates and mail
#   dove_stop               stop it and delete its directory
#
# DOVE_CERT_NAMES (default DNS:localhost,IP:127.0.0.1) sets the server certificate's names;
# DOVE_TIMEOUT the timeout written by dove_config.
#
# DOVE_OAUTH2_URL, when set before dove_start, makes the instance OAuth2-only: its one passdb
# is Dovecot's oauth2 passdb, for the XOAUTH2 and OAUTHBEARER mechanisms only, validating
# each bearer token with a POST to that RFC 7662 introspection URL, which must answer
# "active": true and a "username" equal to the login name (tests/oauth2-introspect.py). No
# password login (LOGIN, AUTHENTICATE PLAIN) can then succeed.
#
# As root, Dovecot refuses uid 0 for mail: the mail user is nobody and owns the Maildir.
# Needs the Debian packages dovecot-core, dovecot-imapd, openssl and python3.
DOVE_TOP=${TOP:-$(pwd)}

dove_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

dove_certs() {
	d=$1
	mkdir -p "$d"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca.key" \
		-out "$d/ca.crt" -days 3650 -subj "/CN=rapporteur test CA" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign >/dev/null 2>&1 || return 1
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/server.key" \
		-out "$d/server.csr" -subj /CN=localhost >/dev/null 2>&1 || return 1
	printf '%s\n' "subjectAltName=${DOVE_CERT_NAMES:-DNS:localhost,IP:127.0.0.1}" \
		"basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=serverAuth" >"$d/server.ext"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
		-days 3650 -out "$d/server.crt" -extfile "$d/server.ext" >/dev/null 2>&1
}

dove_start() {
	# A short path: Dovecot's socket paths must stay under 108 bytes. Memory-backed when
	# possible: loading a Maildir creates one file per message.
	base=/tmp
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; fi
	DOVE_DIR=$(mktemp -d "$base/rpdove.XXXXXX") || return 1
	chmod 755 "$DOVE_DIR"
	DOVE_CONF=$DOVE_DIR/dovecot.conf
	DOVE_PORT=${DOVE_PORT_WANT:-$(dove_free_port)}
	DOVE_TLSPORT=${DOVE_TLSPORT_WANT:-$(dove_free_port)}
	DOVE_USER=test
	DOVE_PASS=${DOVE_PASS_WANT:-secret-$$}
	DOVE_CA=$DOVE_DIR/tls/ca.crt
	DOVE_MAILDIR=$DOVE_DIR/home/$DOVE_USER/Maildir
	export DOVE_DIR DOVE_CONF DOVE_PORT DOVE_TLSPORT DOVE_USER DOVE_PASS DOVE_CA DOVE_MAILDIR
	if command -v at_exit >/dev/null 2>&1; then at_exit dove_stop; else trap 'dove_stop' EXIT INT TERM; fi
	mkdir -p "$DOVE_DIR/run" "$DOVE_DIR/state" "$DOVE_DIR/log" "$DOVE_MAILDIR/cur" \
		"$DOVE_MAILDIR/new" "$DOVE_MAILDIR/tmp"
	dove_certs "$DOVE_DIR/tls" || { echo "lib-dovecot: openssl failed" >&2; return 1; }
	printf '%s:{PLAIN}%s::::::\n' "$DOVE_USER" "$DOVE_PASS" >"$DOVE_DIR/passwd"
	mechs="plain login cram-md5" userdb_all=""
	passdb="passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVE_DIR/passwd
}"
	if [ -n "${DOVE_CHECKPASSWORD:-}" ]; then
		# The passdb is a checkpassword script: while $DOVE_DIR/auth-down exists it
		# answers "temporary failure" (exit 111), as an unreachable LDAP or SQL passdb
		# does, and Dovecot says NO [UNAVAILABLE] to the login.
		cat >"$DOVE_DIR/checkpassword" <<CHECK
#!/bin/sh
[ -e "$DOVE_DIR/auth-down" ] && exit 111
creds=\$(tr '\\0' '\\n' <&3)
[ "\$(printf '%s\\n' "\$creds" | sed -n 1p)" = "$DOVE_USER" ] || exit 1
[ "\$(printf '%s\\n' "\$creds" | sed -n 2p)" = "$DOVE_PASS" ] || exit 1
exec "\$@"
CHECK
		chmod 755 "$DOVE_DIR/checkpassword"
		# doveadm's user look-ups cannot go through a passdb that needs the password.
		userdb_all=" allow_all_users=yes"
		passdb="passdb {
  driver = checkpassword
  args = $DOVE_DIR/checkpassword
}"
	fi
	if [ -n "${DOVE_OAUTH2_URL:-}" ]; then
		# PLAIN stays offered: a password login then finds no passdb that takes it.
		mechs="plain xoauth2 oauthbearer"
		# The static userdb otherwise asks the passdb whether a user exists (doveadm's
		# lookups); an oauth2 passdb cannot answer without a token.
		userdb_all=" allow_all_users=yes"
		passdb="passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $DOVE_DIR/oauth2.conf.ext
}"
		cat >"$DOVE_DIR/oauth2.conf.ext" <<OAUTH
introspection_mode = post
introspection_url = $DOVE_OAUTH2_URL
force_introspection = yes
username_attribute = username
username_format = %u
active_attribute = active
active_value = true
timeout_msecs = 10000
OAUTH
		chmod 644 "$DOVE_DIR/oauth2.conf.ext"
	fi
	if [ "$(id -u)" = 0 ]; then
		mail_uid=65534 mail_gid=65534 login_user=dovenull internal_user=dovecot
		internal_group=dovecot chroot_off=""
	else
		mail_uid=$(id -u) mail_gid=$(id -g) login_user=$(id -un) internal_user=$(id -un)
		internal_group=$(id -gn)
		chroot_off="  chroot ="
	fi
	cat >"$DOVE_CONF" <<CONF
base_dir = $DOVE_DIR/run
state_dir = $DOVE_DIR/state
instance_name = rptest-$$
log_path = $DOVE_DIR/log/dovecot.log
info_log_path = $DOVE_DIR/log/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = $login_user
default_internal_user = $internal_user
default_internal_group = $internal_group
first_valid_uid = 1
disable_plaintext_auth = no
auth_mechanisms = $mechs
ssl = yes
ssl_cert = <$DOVE_DIR/tls/server.crt
ssl_key = <$DOVE_DIR/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
mail_location = maildir:~/Maildir
mail_fsync = never
mailbox_list_index = yes
protocol imap {
  mail_max_userip_connections = 100
}
$passdb
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$DOVE_DIR/home/%u$userdb_all
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVE_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DOVE_TLSPORT
    ssl = yes
  }
$chroot_off
}
# No authentication penalty: the tests fail logins on purpose, and the delay Dovecot adds
# for each further failure from an IP (4, 8, then 15 s) would outlast the client timeout.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
$chroot_off
}
CONF
	chown -R "$mail_uid:$mail_gid" "$DOVE_DIR/home"
	dove_up
}

# Start the master of the configuration already written and wait until both ports answer.
dove_up() {
	dovecot -c "$DOVE_CONF" || { echo "lib-dovecot: dovecot failed to start" >&2; cat "$DOVE_DIR/log/dovecot.log" >&2; return 1; }
	python3 - "$DOVE_PORT" "$DOVE_TLSPORT" <<'PY' || { echo "lib-dovecot: ports never opened" >&2; return 1; }
import socket, sys, time
for port in map(int, sys.argv[1:]):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close(); break
        except OSError:
            time.sleep(0.05)
    else:
        sys.exit(1)
PY
}

dove_adm() {
	doveadm -c "$DOVE_CONF" "$@"
}

dove_fix_owner() {
	if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$DOVE_DIR/home"; fi
}

dove_load_mbox() {
	python3 "$DOVE_TOP/tests/mailtool.py" maildir "$1" "$DOVE_MAILDIR" || return 1
	dove_fix_owner
	dove_adm force-resync -u "$DOVE_USER" INBOX && dove_adm index -u "$DOVE_USER" INBOX
}

dove_save() {
	dove_adm save -u "$DOVE_USER" -m INBOX <"$1"
}

# dove_save_big FOLDER: 24 messages of about 1 MB each (<big0@example.org> ...) saved into
# FOLDER, which must exist; more than the fetch reader's 8 MB queue holds.
dove_save_big() {
	python3 - "$T/big" <<'PY'
import sys
for i in range(24):
    open("%s%d.eml" % (sys.argv[1], i), "w").write(
        "From: big%d@example.org\nTo: foo@list.example.org\nSubject: big %d\n"
        "Message-ID: <big%d@example.org>\n\n" % (i, i, i)
        + "a line of about fifty bytes of text, repeated\n" * 23000)
PY
	i=0
	while [ $i -lt 24 ]; do dove_adm save -u "$DOVE_USER" -m "$1" <"$T/big$i.eml" || return 1; i=$((i + 1)); done
}

# dove_config FILE [LIST [TLS [PORT [HOST]]]]: a config for this instance (mode 0600),
# password in a password_file next to it.
dove_config() {
	f=$1 list=${2:-demo} tls=${3:-imaps}
	port=${4:-}
	host=${5:-localhost}
	if [ -z "$port" ]; then
		if [ "$tls" = imaps ]; then port=$DOVE_TLSPORT; else port=$DOVE_PORT; fi
	fi
	printf '%s\n' "$DOVE_PASS" >"$f.pw"
	chmod 600 "$f.pw"
	cat >"$f" <<CFG
[server local]
host = $host
port = $port
tls = $tls
ca_file = $DOVE_CA
user = $DOVE_USER
password_file = $f.pw
timeout = ${DOVE_TIMEOUT:-10}

[list $list]
server = local
folder = INBOX
CFG
	chmod 600 "$f"
}

# The master's pid and those of its processes (named dovecot-INSTANCE/...), found by the
# instance name of this configuration.
dove_pids() {
	inst=$(sed -n 's/^instance_name = //p' "$DOVE_CONF")
	[ -f "$DOVE_DIR/run/master.pid" ] && cat "$DOVE_DIR/run/master.pid"
	ps -eo pid=,args= | awk -v p="dovecot-$inst/" 'index($2, p) == 1 { print $1 }'
}

# Whether any of the pids given is still running.
dove_alive() {
	for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
	return 1
}

# Stop every process of the instance at once, as systemd stops a service (SIGTERM, then
# SIGKILL after 10 s), and wait until they are gone; the directory stays. Signalling the
# master alone would leave each IMAP session's process serving its client for about ten
# more seconds.
dove_down() {
	[ -n "${DOVE_DIR:-}" ] && [ -f "$DOVE_CONF" ] || return 0
	pids=$(dove_pids)
	[ -n "$pids" ] || return 0
	kill -TERM $pids 2>/dev/null
	n=0
	while [ $n -lt 100 ] && dove_alive $pids; do sleep 0.1; n=$((n + 1)); done
	kill -KILL $pids 2>/dev/null
	rm -f "$DOVE_DIR/run/master.pid"
}

dove_restart() {
	dove_down
	dove_up
}

dove_stop() {
	[ -n "${DOVE_DIR:-}" ] && [ -d "$DOVE_DIR" ] || return 0
	dove_down
	rm -rf "$DOVE_DIR"
	DOVE_DIR=
}

dove_proxy() {
	rm -f "$DOVE_DIR/proxy.port"
	python3 "$DOVE_TOP/tests/tcp-proxy.py" "$DOVE_DIR/proxy.port" "$DOVE_PORT" "$@" &
	PROXY_PID=$!
	if command -v at_exit >/dev/null 2>&1; then at_exit "kill $PROXY_PID 2>/dev/null"; fi
	n=0
	while [ ! -s "$DOVE_DIR/proxy.port" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	PROXY_PORT=$(cat "$DOVE_DIR/proxy.port")
}

dove_proxy_stop() {
	[ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null
	wait "$PROXY_PID" 2>/dev/null
	PROXY_PID=
}
