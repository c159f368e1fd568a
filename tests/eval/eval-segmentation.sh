#!/bin/sh
# eval-segmentation: reply segmentation against hand-labelled mail.
#  - IETF new-text set: the new text of each message (MIME-decoded by rp_mime_parse, then
#    segmented) against the author's own words written out by hand: exact match and line F1
#    after white-space normalisation. Goal: line F1 >= 0.97.
#  - Webis Gmane (and Enron) sets: per-line class agreement, their classes mapped to ours
#    (paragraph/code/log/tabular -> new, quotation -> quote, quotation_marker and
#    inline_headers -> attribution, salutation -> greeting, closing -> closing,
#    personal_signature -> signature, mua_signature -> footer, patch -> patch; visual
#    separators are not scored; our forward counts as new). Goal: F1 >= 0.93 per class.
# Skips (exit 0) when the shared corpora are absent.
O=${O:-build}
SEG=$O/eval/segeval
C=${RP_CORPORA:-}/segmentation
if [ -z "${RP_CORPORA:-}" ] || [ ! -d "$C" ]; then
	echo "segmentation: corpora not found, skipped"
	exit 0
fi
[ -x "$SEG" ] || { echo "segmentation: $SEG not built"; exit 1; }
st=0
if [ -d "$C/ietf-newtext" ]; then
	echo "-- IETF new text ($C/ietf-newtext)"
	"$SEG" ietf "$C/ietf-newtext" || st=1
fi
for f in annotations-final-validation enron-annotated; do
	[ -f "$C/webis-gmane/$f.jsonl" ] || continue
	echo "-- Webis $f (per-line classes)"
	"$SEG" gmane "$C/webis-gmane/$f.jsonl" || st=1
done
exit $st
