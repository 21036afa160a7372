#!/usr/bin/env bash
# The GitHub Action's step: lint the given files, globs or URLs with promtext and let its
# annotations (--format github) mark the pull request. Inputs arrive as environment variables
# (never pasted into the script), and globs are left for promtext to expand.
set -euo pipefail
set -f
read -r -a inputs <<< "${PROMTEXT_FILES:-**/*.prom}"
read -r -a extra <<< "${PROMTEXT_ARGS:-}"
read -r -a bin <<< "${PROMTEXT_BIN:-npx --yes promtext@${PROMTEXT_VERSION:-latest}}"
exec "${bin[@]}" lint --format "${PROMTEXT_FORMAT:-github}" --target "${PROMTEXT_TARGET:-strict}" "${extra[@]}" "${inputs[@]}"
