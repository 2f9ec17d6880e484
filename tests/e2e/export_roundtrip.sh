#!/usr/bin/env bash
# monctl export: conversions of our expositions (and of the real exporters' captures, when the
# shared data is there) are lossless. promtool's verdict is in export_promtool.sh.
source "$(dirname "$0")/lib.sh"

inputs=("$DATA"/metrics/*.prom)
if [ -d "$SHARED/data/exposition" ]; then
  inputs+=("$SHARED"/data/exposition/*.prom)
else
  echo "note: no shared data at $SHARED/data/exposition: converting our own expositions only"
fi
for f in "${inputs[@]}"; do
  base=$(basename "$f" .prom)
  run "$MONCTL" export "$f" --to json
  expect_rc 0 "$base: prom -> json"
  echo "$OUT" >"$WORK/$base.json"
  # Every sample line of the input is one JSON object (no sample lost or invented).
  expect_eq "$(grep -vc '^#' "$f")" "$(wc -l <"$WORK/$base.json")" "$base: one JSON object per sample"

  for via in json csv openmetrics; do
    "$MONCTL" export "$f" --to "$via" >"$WORK/$base.$via" 2>"$WORK/err"
    expect_eq "$?" "0" "$base: prom -> $via"
    "$MONCTL" export "$WORK/$base.$via" --from "$via" --to prom >"$WORK/$base.back.prom" 2>"$WORK/err"
    expect_eq "$?" "0" "$base: $via -> prom: $(head -c 300 "$WORK/err")"
    run "$MONCTL" export "$WORK/$base.back.prom" --to json
    if [ "$via" = openmetrics ]; then
      # OpenMetrics keeps everything but renames nothing only for counters ending in _total; compare values.
      expect_eq "$(cut -d'"' -f4 <<<"$OUT" | sort | md5sum)" "$(cut -d'"' -f4 "$WORK/$base.json" | sort | md5sum)" \
        "$base: prom -> openmetrics -> prom keeps every sample name"
    else
      expect_eq "$OUT" "$(cat "$WORK/$base.json")" "$base: prom -> $via -> prom gives back the same samples"
    fi
  done
done

# Influx keeps label escapes it can hold.
printf '# TYPE t_total counter\nt_total{path="C:\\\\dir",quote="say \\"hi\\"",utf8="žluťoučký kůň 🐎",comma="a,b=c d"} 1 1700000000123\n' >"$WORK/t.prom"
run bash -c "\"$MONCTL\" export \"$WORK/t.prom\" --to influx | \"$MONCTL\" export --from influx --to json"
expect_out '{"name":"t_total","type":"untyped","labels":{"comma":"a,b=c d","path":"C:\\dir","quote":"say \"hi\"","utf8":"žluťoučký kůň 🐎"},"value":1,"timestamp":1700000000123}' "influx keeps label escapes"

# Escapes survive every format.
cat >"$WORK/esc.prom" <<'P'
# HELP esc_total Help with a \\ backslash and a \n newline.
# TYPE esc_total counter
esc_total{path="C:\\dir",quote="say \"hi\"",nl="a\nb",utf8="žluťoučký kůň 🐎",comma="a,b=c d"} 1 1700000000123
esc_total{path="nan"} NaN
esc_total{path="pinf"} +Inf
esc_total{path="ninf"} -Inf
P
"$MONCTL" export "$WORK/esc.prom" --to json >"$WORK/esc.json"
for via in json csv influx; do
  run bash -c "\"$MONCTL\" export \"$WORK/esc.prom\" --to $via | \"$MONCTL\" export --from $via --to json"
  if [ $via = influx ]; then
    # Line protocol has no NaN/Inf, no newline in a tag, no HELP/TYPE: those samples are skipped, with a warning.
    expect_contains "$ERR" "monctl: warning: influx:" "influx says what it could not write"
    expect_eq "$OUT" "" "no sample of esc.prom fits line protocol"
  else
    expect_eq "$OUT" "$(cat "$WORK/esc.json")" "escapes survive prom -> $via -> json"
  fi
done
cat >"$WORK/esc.expected" <<'P'
# HELP esc_total Help with a \\ backslash and a \n newline.
# TYPE esc_total counter
esc_total{comma="a,b=c d",nl="a\nb",path="C:\\dir",quote="say \"hi\"",utf8="žluťoučký kůň 🐎"} 1 1700000000123
esc_total{path="nan"} NaN
esc_total{path="pinf"} +Inf
esc_total{path="ninf"} -Inf
P
run "$MONCTL" export "$WORK/esc.prom"
expect_out "$(cat "$WORK/esc.expected")" "prom -> prom is the input with labels sorted"

finish
