#!/usr/bin/env bash
# The "Check copy" step of action.yml. Reads the Action's inputs from the environment:
#   L2LINT_PATHS        files and folders, one per line (spaces inside a line are kept)
#   L2LINT_FORMAT       github | text | concise | full | any other `l2lint check --format`
#   L2LINT_FAIL_ON      error | warning | suggestion | empty (the configuration decides)
#   L2LINT_UPLOAD_SARIF "true": also write a SARIF report for code scanning
#   L2LINT_SUMMARY      "true": also list every finding in $GITHUB_STEP_SUMMARY
#   L2LINT_ARGS         more options, split at spaces
# Writes `exit-code=` (and `sarif-file=`) to $GITHUB_OUTPUT and always exits 0, so the
# upload step runs before the Action's last step fails the job.
# Works with bash 3.2 (macOS runners): no mapfile, no empty arrays under `set -u`.
set -o pipefail

paths=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%$'\r'}"
  line="${line#"${line%%[![:space:]]*}"}"   # trim leading whitespace
  line="${line%"${line##*[![:space:]]}"}"   # trim trailing whitespace
  if [ -n "$line" ]; then paths+=("$line"); fi
done <<< "${L2LINT_PATHS:-}"
if [ "${#paths[@]}" -eq 0 ]; then paths=("."); fi

options=()
if [ -n "${L2LINT_FAIL_ON:-}" ]; then options+=(--fail-on "$L2LINT_FAIL_ON"); fi
if [ -n "${L2LINT_ARGS:-}" ]; then
  read -r -a extra <<< "$L2LINT_ARGS"
  options+=("${extra[@]}")
fi

case "${L2LINT_FORMAT:-github}" in
  concise | full) log_format=(--format text --output-format "$L2LINT_FORMAT") ;;
  *) log_format=(--format "${L2LINT_FORMAT:-github}") ;;
esac

out_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/l2lint"
mkdir -p "$out_dir"
output="${GITHUB_OUTPUT:-/dev/null}"

# The gate: its exit code is the Action's. `--` ends the options, so a path may start with "-".
status=0
l2lint check "${log_format[@]}" ${options[@]+"${options[@]}"} -- "${paths[@]}" || status=$?
echo "exit-code=$status" >> "$output"

# The reports reuse .l2lint_cache/, so these runs do not lint unchanged files again.
if [ "${L2LINT_UPLOAD_SARIF:-false}" = "true" ]; then
  sarif="$out_dir/l2lint.sarif"
  l2lint check --quiet --exit-zero --format sarif --output-file "$sarif" \
    ${options[@]+"${options[@]}"} -- "${paths[@]}" 2>/dev/null || true
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif" >> "$output"; fi
fi
if [ "${L2LINT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  l2lint check --quiet --exit-zero --format markdown --output-file "$out_dir/summary.md" \
    ${options[@]+"${options[@]}"} -- "${paths[@]}" 2>/dev/null || true
  if [ -s "$out_dir/summary.md" ]; then cat "$out_dir/summary.md" >> "$GITHUB_STEP_SUMMARY"; fi
fi
exit 0
