#!/bin/sh
# One backup, then off the machine. The checkpoint file goes too, on every run: a copy of it held
# elsewhere is what shows a rewritten audit trail (npx linli audit verify --checkpoints … --public-key …).
set -eu
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="/var/lib/linli/backups"
mkdir -p "$out"
if [ -n "${DATABASE_URL:-}" ]; then
  pg_dump --format=custom --file="$out/linli-$stamp.dump" "$DATABASE_URL"
  file="$out/linli-$stamp.dump"
else
  node /opt/linli/bin/linli.js backup "$out/linli-$stamp.db"
  file="$out/linli-$stamp.db"
fi
ssh_opts="-i ${BACKUP_SSH_KEY:-/etc/linli/backup_ed25519} -o BatchMode=yes -o UserKnownHostsFile=/etc/linli/backup_known_hosts"
rsync -e "ssh $ssh_opts" "$file" "$BACKUP_TARGET"
rsync -e "ssh $ssh_opts" "$LINLI_AUDIT_CHECKPOINTS" "${BACKUP_TARGET}audit-checkpoints-$(hostname).jsonl"
# Seven nightly copies stay on the machine; the copies elsewhere are kept as long as the target keeps them.
ls -1t "$out" | tail -n +8 | sed "s|^|$out/|" | xargs -r rm -f
