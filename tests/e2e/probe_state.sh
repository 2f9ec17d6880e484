# --state only ever replaces or sets aside a file that carries the state header: a typo that
# names another file (`--state probes.yaml`) is refused, UNKNOWN, and the file is left exactly as
# it was, with no lock file or corrupt copy beside it. `probe history` reads and creates nothing.
source "$(dirname "$0")/lib.sh"

mkdir "$WORK/etc"
cat >"$WORK/etc/probes.yaml" <<'YAML'
probes:
  - {name: cpu, type: load, warning: "~:1000000"}
YAML
cp "$WORK/etc/probes.yaml" "$WORK/probes.orig"

listing() { (cd "$WORK/etc" && ls -A); }

# The typo: the configuration file given as the state file.
run "$MONCTL" probe --config "$WORK/etc/probes.yaml" --state "$WORK/etc/probes.yaml"
expect_rc 3 "a --state that names a non-state file is refused"
expect_contains "$ERR" "$WORK/etc/probes.yaml is not a monctl probe state file" "the error names the file"
expect_contains "$ERR" "left untouched" "the error says nothing was changed"
expect_eq "$(listing)" "probes.yaml" "nothing set aside, no lock file beside it"
cmp -s "$WORK/etc/probes.yaml" "$WORK/probes.orig" && pass || fail "the configuration file changed"

# Any other file without the header: refused for a run and for history alike.
printf 'important notes\nline two\n' >"$WORK/etc/notes.txt"
for cmd in "probe load --state" "probe history --state"; do
  run "$MONCTL" $cmd "$WORK/etc/notes.txt"
  expect_rc 3 "$cmd on a non-state file"
  expect_contains "$ERR" "is not a monctl probe state file" "$cmd names the refusal"
done
expect_eq "$(cat "$WORK/etc/notes.txt")" $'important notes\nline two' "the notes are intact"
expect_eq "$(listing)" $'notes.txt\nprobes.yaml' "still no lock file, no corrupt copy"

# A real state file: a run writes it (and its lock file); history then reads it and creates nothing.
state=$WORK/etc/state.tsv
run "$MONCTL" probe --config "$WORK/etc/probes.yaml" --state "$state"
expect_rc 0 "a run with a new state file"
expect_eq "$(head -n 1 "$state")" "# monctl probe state 1" "the state file carries its header"
rm "$state.lock"
before=$(listing)
run "$MONCTL" probe history --state "$state" --format csv
expect_rc 0 "history"
expect_contains "$OUT" $'\ncpu,1,100,' "history reads the run"
expect_eq "$(listing)" "$before" "probe history creates no lock file"

run "$MONCTL" probe history --state "$WORK/etc/missing.tsv"
expect_rc 3 "history of a missing state file"
expect_eq "$(listing)" "$before" "probe history creates no state file either"

finish
