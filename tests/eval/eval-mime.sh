#!/bin/sh
# eval-mime: MIME decoding against real broken mail in $RP_CORPORA/mime (skipped when the
# corpora are absent). Prints payload recovery on mime-is-broken, and for every set the
# number of messages, how many carried decoding notes, failures (must be 0) and time.
O=${O:-build}
EV="$O/eval/eval-mime"
M="$RP_CORPORA/mime"
if [ ! -x "$EV" ]; then
	echo "eval-mime: $EV not built"
	exit 1
fi
if [ ! -d "$M" ]; then
	echo "eval-mime: skipped (no corpora at $M)"
	exit 0
fi
st=0
if [ -d "$M/mime-is-broken" ]; then
	find "$M/mime-is-broken" -type f -path '*/cur/*' -o -type f -path '*/new/*' |
		sort | xargs "$EV" payloads || st=1
fi
if [ -d "$M/mimekit" ]; then
	printf 'mimekit: '
	find "$M/mimekit" -type f \( -name '*.txt' -o -name '*.eml' \) ! -name '*summary*' |
		sort | xargs "$EV" robust || st=1
fi
if [ -d "$M/stalwart" ]; then
	printf 'stalwart: '
	find "$M/stalwart" -type f -name '*.eml' | sort | xargs "$EV" robust || st=1
fi
if [ -d "$RP_CORPORA/lists" ]; then
	printf 'lists: '
	find "$RP_CORPORA/lists" -type f -name '*.mbox' | sort | xargs "$EV" robust || st=1
fi
exit $st
