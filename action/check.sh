#!/usr/bin/env bash
# The "Check copy" step of action.yml. Reads the Action's inputs from the environment:
#   L2LINT_PATHS        files and folders, one per line (spaces inside a line are kept)
#   L2LINT_FORMAT       github | text | concise | full | any other `l2lint check --format`
#   L2LINT_FAIL_ON      error | warning | suggestion | empty (the configuration decides)
#   L2LINT_UPLOAD_SARIF "true": also write a SARIF report for code scanning
#   L2LINT_SUMMARY      "true": also list every finding in $GITHUB_STEP_SUMMARY
#   L2LINT_ARGS         more options, split like a POSIX shell (quotes group, every line
#                       counts, `#` comments; action/split_args.py)
# Writes `exit-code=` (and `sarif-file=`) to $GITHUB_OUTPUT and always exits 0, so the
# upload step runs before the Action's last step fails the job. Each run writes its
# reports to a folder of its own (mktemp), so two uses in one job never share a file.
# Works with bash 3.2 (macOS runners): no mapfile, no empty arrays under `set -u`.
set -o pipefail

output="${GITHUB_OUTPUT:-/dev/null}"

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
  python_bin="$(command -v python || command -v python3)"
  words="$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/l2lint-args.XXXXXX")"
  if ! "$python_bin" "$(dirname "$0")/split_args.py" "$L2LINT_ARGS" > "$words" 2> "$words.err"; then
    cat "$words.err" >&2
    if [ "${L2LINT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      { printf '## l2lint\n\nl2lint did not run (exit 2):\n\n```text\n'
        cat "$words.err"; printf '```\n'; } >> "$GITHUB_STEP_SUMMARY"
    fi
    echo "exit-code=2" >> "$output"
    exit 0
  fi
  rm -f "$words.err"
  while IFS= read -r -d '' word; do options+=("$word"); done < "$words"
  rm -f "$words"
fi

case "${L2LINT_FORMAT:-github}" in
  concise | full) log_format=(--format text --output-format "$L2LINT_FORMAT") ;;
  *) log_format=(--format "${L2LINT_FORMAT:-github}") ;;
esac

out_dir="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/l2lint.XXXXXX")"

# The gate: its exit code is the Action's. `--` ends the options, so a path may start with "-".
status=0
l2lint check "${log_format[@]}" ${options[@]+"${options[@]}"} -- "${paths[@]}" || status=$?
echo "exit-code=$status" >> "$output"

# The reports reuse .l2lint_cache/, so these runs do not lint unchanged files again. They
# run with the gate's own options (no --exit-zero of their own: a report says "fails the
# gate" only when the gate can fail); their exit code is the gate's and is not used.
if [ "${L2LINT_UPLOAD_SARIF:-false}" = "true" ]; then
  sarif="$out_dir/l2lint.sarif"
  l2lint check --quiet --format sarif --output-file "$sarif" \
    ${options[@]+"${options[@]}"} -- "${paths[@]}" 2> "$out_dir/sarif.err" || true
  if [ -s "$sarif" ]; then echo "sarif-file=$sarif" >> "$output"; fi
fi
if [ "${L2LINT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary="$out_dir/summary.md"
  l2lint check --quiet --format markdown --output-file "$summary" \
    ${options[@]+"${options[@]}"} -- "${paths[@]}" 2> "$out_dir/summary.err" || true
  if [ -s "$summary" ]; then
    cat "$summary" >> "$GITHUB_STEP_SUMMARY"
  else  # no report at all (a bad option or configuration): say why, not "no findings"
    {
      printf '## l2lint\n\nl2lint could not check the copy (exit %s):\n\n```text\n' "$status"
      head -c 60000 "$out_dir/summary.err"
      printf '```\n'
    } >> "$GITHUB_STEP_SUMMARY"
  fi
fi
exit 0
