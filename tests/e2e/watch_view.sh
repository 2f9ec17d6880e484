#!/usr/bin/env bash
# monctl watch's live view, driven in tmux panes: rows and sparklines for the series fed, s sorts,
# / filters, q, Ctrl-C, SIGTERM and the end of the input each give the terminal back as it was
# (same stty, alternate screen left) with the last table printed once; NO_COLOR, a narrow or a
# short terminal, --once on a terminal, and the default off a terminal (json, no escape code).
source "$(dirname "$0")/lib.sh"
need tmux python3

SOCK=monctl-view-$$
t() { tmux -L "$SOCK" "$@"; }
CLEANUP+=("tmux -L $SOCK kill-server 2>/dev/null")

# In each pane: the terminal's mode before and after, the exit status, then DONE; the pane
# stays so that what was left on the screen can be read.
cat >"$WORK/pane.sh" <<'SH'
# pane.sh DIR TAG INPUT CMD...
dir=$1 tag=$2 input=$3
shift 3
stty -g >"$dir/$tag.stty0"
"$@" <"$input"
echo $? >"$dir/$tag.rc"
stty -g >"$dir/$tag.stty1"
echo "DONE $tag"
exec sleep 600
SH

# pane TAG COLUMNS ROWS INPUT CMD...: a new session TAG running CMD with INPUT as stdin.
pane() {
  local tag=$1 cols=$2 rows=$3 input=$4
  shift 4
  t new-session -d -s "$tag" -x "$cols" -y "$rows" "bash $WORK/pane.sh $WORK $tag $input $*"
}

# await_pane TAG TEXT [SECONDS]: polls the pane until it shows TEXT; PANE holds the last capture.
await_pane() {
  local tag=$1 text=$2 limit=${3:-20} i
  for ((i = 0; i < limit * 20; i++)); do
    PANE=$(t capture-pane -p -t "$tag")
    [[ "$PANE" == *"$text"* ]] && return 0
    sleep 0.05
  done
  fail "pane $tag never showed «$text»; it shows:"$'\n'"$PANE"
  return 1
}

# The series named in the pane, top to bottom.
order() { grep -oE '^(alpha|beta_total|zeta_total)' <<<"$PANE" | tr '\n' ' '; }

# expect_restored TAG: exit 0, the terminal's mode as before, the alternate screen left.
expect_restored() {
  local tag=$1
  expect_eq "$(cat "$WORK/$tag.rc")" "0" "$tag: exit status"
  expect_eq "$(cat "$WORK/$tag.stty1")" "$(cat "$WORK/$tag.stty0")" "$tag: stty -g as before"
  expect_eq "$(t display -p -t "$tag" '#{alternate_on}')" "0" "$tag: the alternate screen is left"
}

# Five windows of 1 s, by the samples' own time: alpha's mean goes 0,1,2,3,4; zeta_total rises
# 100/s, beta_total 4/s. The last window stays open until the input ends or the view stops.
python3 - >"$WORK/feed.prom" <<'PY'
t0 = 1764700000000
for i in range(20):
    t = t0 + i * 250
    print("alpha %d %d" % (i // 4, t))
    print("beta_total %d %d" % (i, t))
    print("zeta_total %d %d" % (i * 25, t))
PY

# feed TAG: a FIFO the test holds open (read-write, so opening never blocks), fed the samples.
feed() {
  mkfifo "$WORK/$1.fifo"
  exec {FEED}<>"$WORK/$1.fifo"
  cat "$WORK/feed.prom" >&"$FEED"
}

# Rows, sparklines, s, / and q.
feed keys
pane keys 100 30 "$WORK/keys.fifo" env -u NO_COLOR "$MONCTL" watch -w 1s
await_pane keys "▁▃▆█"
expect_eq "$(t display -p -t keys '#{alternate_on}')" "1" "the view is on the alternate screen"
expect_contains "$PANE" "window 1s  3 series" "the header: window and series"
expect_contains "$PANE" "SERIES" "the column heads"
expect_contains "$(grep '^alpha' <<<"$PANE")" "▁▃▆█" "alpha's sparkline: its mean window by window"
expect_contains "$PANE" "P0.99" "the quantiles as given"
expect_eq "$(order)" "alpha beta_total zeta_total " "sorted by name first"
expect_contains "$(t capture-pane -p -e -t keys)" $'\e[' "colours on a terminal without NO_COLOR"
t send-keys -t keys s
await_pane keys "sort rate"
expect_eq "$(order)" "zeta_total beta_total alpha " "s: sorted by rate, largest first, gauges last"
t send-keys -t keys /
await_pane keys "/_"
t send-keys -t keys z e t a Enter
await_pane keys 'filter "zeta"'
expect_eq "$(order)" "zeta_total " "/zeta Enter: only the matching series"
t send-keys -t keys Escape
await_pane keys "alpha"
expect_eq "$(order)" "zeta_total beta_total alpha " "Esc: the filter cleared"
t send-keys -t keys q
await_pane keys "DONE keys"
expect_restored keys
expect_contains "$(grep '^alpha' <<<"$PANE")" "▁▃▅▆█" "q: the last table printed, the held window flushed into it"
exec {FEED}>&-

# Ctrl-C quits the same way.
feed ctrlc
pane ctrlc 100 30 "$WORK/ctrlc.fifo" "$MONCTL" watch -w 1s
await_pane ctrlc "3 series"
t send-keys -t ctrlc C-c
await_pane ctrlc "DONE ctrlc"
expect_restored ctrlc
expect_contains "$PANE" "zeta_total" "Ctrl-C: the last table printed"
exec {FEED}>&-

# SIGTERM too.
feed term
pane term 100 30 "$WORK/term.fifo" "$MONCTL" watch -w 1s
await_pane term "3 series"
pid=$(pgrep -P "$(t display -p -t term '#{pane_pid}')" -x monctl)
await_caught "$pid" 15 && kill -TERM "$pid"
await_pane term "DONE term"
expect_restored term
exec {FEED}>&-

# The end of the input: the view ends, the last table stays.
pane eof 100 30 "$WORK/feed.prom" "$MONCTL" watch -w 1s
await_pane eof "DONE eof"
expect_restored eof
expect_contains "$(grep '^alpha' <<<"$PANE")" "▁▃▅▆█" "end of input: the last table printed"

# NO_COLOR: no colour, the layout and the sparklines stay.
feed nocolor
pane nocolor 100 30 "$WORK/nocolor.fifo" env NO_COLOR=1 "$MONCTL" watch -w 1s
await_pane nocolor "▁▃▆█"
expect_not_contains "$(t capture-pane -p -e -t nocolor)" $'\e[' "NO_COLOR: no colour escape"
t send-keys -t nocolor q
await_pane nocolor "DONE nocolor"
expect_restored nocolor
exec {FEED}>&-

# A narrow terminal: rows cut at its width, never wrapped.
feed narrow
pane narrow 40 30 "$WORK/narrow.fifo" "$MONCTL" watch -w 1s
await_pane narrow "3 series"
# -J joins wrapped lines (and keeps trailing blanks, dropped here on both sides).
expect_eq "$(t capture-pane -p -J -t narrow | sed 's/ *$//')" "$(sed 's/ *$//' <<<"$PANE")" "40 columns: no line wrapped"
expect_eq "$(grep -c . <<<"$PANE")" "5" "header, heads and three rows, a line each"
expect_eq "$(order)" "alpha beta_total zeta_total " "each row starts its line"
t send-keys -t narrow q
await_pane narrow "DONE narrow"
expect_restored narrow
exec {FEED}>&-

# A short terminal: the rows that fit, and how many do not.
feed short
pane short 100 4 "$WORK/short.fifo" "$MONCTL" watch -w 1s
await_pane short "2 more series not shown (of 3)"
expect_eq "$(order)" "alpha " "one row fits"
expect_contains "$PANE" "2 hidden" "the header says so too"
t send-keys -t short q
await_pane short "DONE short"
expect_restored short
exec {FEED}>&-

# --once on a terminal: the table printed once, no alternate screen.
pane once 100 30 "$WORK/feed.prom" "$MONCTL" watch --once
await_pane once "DONE once"
expect_restored once
expect_contains "$PANE" "whole input  3 series" "--once: one table over the whole input"
expect_contains "$(grep '^beta_total' <<<"$PANE")" "  20  " "of all 20 samples"

# An explicit --format wins on a terminal.
pane json 100 30 "$WORK/feed.prom" "$MONCTL" watch --once --format json
await_pane json "DONE json"
expect_contains "$PANE" '{"name":"alpha"' "--format json on a terminal"

# Off a terminal, the default is json, with no escape code at all.
pane piped 100 30 "$WORK/feed.prom" sh -c "'$MONCTL watch -w 1s | cat >$WORK/piped.out'"
await_pane piped "DONE piped"
expect_eq "$(cat "$WORK/piped.rc")" "0" "| cat: exit status"
expect_contains "$(cat "$WORK/piped.out")" '{"name":"zeta_total"' "| cat: json"
expect_eq "$(grep -c $'\e' "$WORK/piped.out")" "0" "| cat: no escape code"
run "$MONCTL" watch -w 1s "$WORK/feed.prom"
expect_eq "$(grep -c '"name":"alpha"' <<<"$OUT")" "5" "not a terminal: json, a line a series a window"
expect_not_contains "$OUT" $'\e' "and no escape code"
finish
