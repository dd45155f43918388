#!/bin/sh
# The text of the real published report (a WPS-exported PDF), as pdftotext reads it, for
# bench_trust.py's text-figure coverage.  Run from the repository root when the PDF changes:
#   sh bench/make_published_text.sh ../shared/corpus/published/hongze-2023.pdf
set -e
pdftotext "${1:-../shared/corpus/published/hongze-2023.pdf}" bench/data/hongze-2023.txt
