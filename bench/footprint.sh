#!/bin/sh
# Counts, under callgrind's cache simulation, what one point query on the
# fake driver pulls from memory when the caches are cold: instructions
# executed, and instruction and data lines missed in a 4 MiB last-level
# cache, per query, for raw, otelsql and dhsql with no-op providers and
# with the SDK. Each figure is the difference between a run of N2 and a
# run of N1 queries, divided by N2-N1, which cancels the one-time costs
# (opening, first use). The counts do not depend on what else the machine
# is doing. Needs valgrind.
set -eu
cd "$(dirname "$0")"
n1=${N1:-100}
n2=${N2:-400}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go test -c -o "$dir/bench.test" .
count() {
	GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --cache-sim=yes \
		--I1=32768,8,64 --D1=49152,12,64 --LL=4194304,16,64 \
		--callgrind-out-file=/dev/null "$dir/bench.test" -test.run NONE \
		-test.bench "TelemetryColdQuery/$1\$" -test.benchtime "$2x" -test.cpu 1 2>&1 |
		awk '/I *refs:/ {gsub(",","",$4); ir=$4}
			/LLi misses:/ {gsub(",","",$4); li=$4}
			/LLd misses:/ {gsub(",","",$4); ld=$4}
			END {print ir, li, ld}'
}
# per prov drv: instructions, LLi and LLd misses per query, flush included
per() {
	set -- $(count "provider=$1/driver=$2" "$n1") $(count "provider=$1/driver=$2" "$n2")
	d=$((n2 - n1))
	echo $((($4 - $1) / d)) $((($5 - $2) / d)) $((($6 - $3) / d))
}
printf '%-14s %12s %12s %12s\n' "per query" instructions LLi-misses LLd-misses
for prov in noop sdk; do
	base=$(per "$prov" none) # the flush alone
	for drv in raw otelsql dhsql; do
		set -- $base $(per "$prov" "$drv")
		printf '%-14s %12d %12d %12d\n' "$prov/$drv" $(($4 - $1)) $(($5 - $2)) $(($6 - $3))
	done
done
