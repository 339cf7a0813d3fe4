#!/bin/sh
# derive.sh: hourly grid carbon intensity of one balancing authority from EIA-930 generation by
# energy source (README.md#derivation). Usage:
#   derive.sh GENERATION.csv BA [min|median|max] > TRACE.csv
# Writes hetflow's plain trace layout (docs/models/carbon.md#layouts) on standard output: one
# sample per hour, at the start of the hour whose generation EIA labels by its end.
#   I = sum_f max(0, G_f) x EF_f / sum_f max(0, G_f)        (gCO2e/kWh; G_f in MW)
set -eu
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: derive.sh GENERATION.csv BA [min|median|max]" >&2; exit 1; }
gen=$1 ba=$2 set=${3:-median}
here=$(dirname "$0")
case $set in min|median|max) ;; *) echo "derive.sh: factor set '$set': min, median or max expected" >&2; exit 1 ;; esac
[ -f "$gen" ] || { echo "derive.sh: $gen: no such file" >&2; exit 1; }
LC_ALL=C awk -F, -v ba="$ba" -v set="$set" -v gen="$gen" -v base="$(basename "$gen")" \
  -v factors="$here/factors.csv" '
# days since 1970-01-01 of a proleptic Gregorian date (Hinnant days_from_civil)
function days(y, m, d,   era, yoe, doy, doe) {
    y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, doy, mp, d, m, y) {
    z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp + (mp < 10 ? 3 : -9)
    return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
function fail(msg) { printf "derive.sh: %s\n", msg > "/dev/stderr"; bad = 1; exit 1 }
BEGIN {
    col = set == "min" ? 2 : set == "median" ? 3 : 4
    while ((getline line < factors) > 0) {
        if (line ~ /^#/ || line ~ /^fuel,/) continue
        split(line, f, ",")
        if (f[col] !~ /^[0-9]+(\.[0-9]+)?$/) fail(factors ": " f[1] ": factor " f[col] " is not a number")
        ef[f[1]] = f[col] + 0
    }
    close(factors)
}
{ sub(/\r$/, "") } # CRLF files read as LF ones
NR == 1 { sub(/^\357\273\277/, "") } # a UTF-8 byte-order mark
/^#/ { next }
$1 == "utc_end_of_hour" {
    if (nf) fail(gen ":" NR ": a second header")
    nf = NF
    for (i = 3; i <= NF; i++) {
        if (!($i in ef)) fail(gen ":" NR ": no emission factor for " $i)
        if ($i in col_of) fail(gen ":" NR ": fuel " $i " given twice")
        fuel[i] = $i; col_of[$i] = i
    }
    next
}
!nf { fail(gen ":" NR ": the header (utc_end_of_hour,ba,FUEL...) expected first") }
NF != nf { fail(gen ":" NR ": " NF " fields, the header has " nf) }
$2 == ba {
    if ($1 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:00Z$/) fail(gen ":" NR ": time " $1)
    y = substr($1, 1, 4) + 0; mo = substr($1, 6, 2) + 0; dd = substr($1, 9, 2) + 0; hh = substr($1, 12, 2) + 0
    if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || dd < 1 || hh > 23 ||
        dd > (mo == 12 ? 31 : days(y, mo + 1, 1) - days(y, mo, 1)))
        fail(gen ":" NR ": time " $1 ": no such hour (years 1900 to 2199)")
    if (n && $1 <= last) fail(gen ":" NR ": time " $1 " is not after the previous row (" last ")")
    last = $1
    g = 0; e = 0
    for (i = 3; i <= NF; i++) {
        if ($i == "") continue
        if ($i !~ /^-?[0-9]+(\.[0-9]+)?$/) fail(gen ":" NR ": " fuel[i] " " $i ": a number of MW expected")
        v = $i + 0; if (v > 0) { g += v; e += v * ef[fuel[i]] }
    }
    if (g <= 0) fail(gen ":" NR ": " ba " generated nothing")
    h = hh - 1; d = days(y, mo, dd)
    if (h < 0) { h = 23; d-- }
    out[++n] = sprintf("%sT%02d:00:00Z,%.2f", civil(d), h, e / g)
}
END { # written only when every row was good: no half-derived trace on a failure
    if (bad) exit 1
    if (!n) { printf "derive.sh: %s: no rows for %s\n", gen, ba > "/dev/stderr"; exit 1 }
    printf "# %s grid carbon intensity, gCO2e/kWh, production-based, hourly, UTC at the start of each hour.\n", ba
    printf "# Derived by derive.sh from %s (U.S. EIA, Form EIA-930) with the %s emission factors of factors.csv.\n", base, set
    print "time,gco2e_per_kwh"
    for (i = 1; i <= n; i++) print out[i]
}
' "$gen"
