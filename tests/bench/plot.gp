# The benchmark table as a chart: ns per op of every figure that prices one
# get+put (pairs, other allocators, pool sizes, threads), log scale, with
# the glibc malloc+free pair and the floor as lines. Called by
# tests/bench.mk on what `bench --plot FILE` wrote (index, label, ns):
#   gnuplot -e "dat='build/bench/plot.dat'; out='build/bench/bench.svg'" plot.gp
set datafile separator "\t"
set terminal svg size 900,640 dynamic noenhanced font "sans,11" background "white"
set output out

stats dat using 1 nooutput
nbars = STATS_records
stats dat using (strcol(2) eq "glibc malloc+free" ? $3 : NaN) nooutput
malloc_ns = STATS_max
stats dat using (strcol(2) eq "floor: inline pop+push, no call/lock/check" ? $3 : NaN) nooutput
floor_ns = STATS_max

set title "mempool: ns per get+put of a 64-byte block (median of 11 runs)"
set logscale x
set xrange [0.1:2000]
set xlabel "ns per op (log scale; shorter is faster)"
set yrange [nbars - 0.5:-0.5]
set ytics nomirror font ",9"
set grid xtics
set lmargin 48
set key top right opaque
set style fill solid 0.8 border -1
set arrow 1 from malloc_ns, graph 0 to malloc_ns, graph 1 nohead lc rgb "#c0392b" dt 2 lw 2
set arrow 2 from floor_ns, graph 0 to floor_ns, graph 1 nohead lc rgb "#27ae60" dt 2 lw 2
plot dat using (sqrt(0.1 * $3)):1:(0.1):3:($1 - 0.35):($1 + 0.35):ytic(2) \
         with boxxyerror lc rgb "#3b6ea5" title "ns per op", \
     dat using ($3 * 1.15):1:(sprintf("%.2f", $3)) with labels left font ",8" notitle, \
     NaN with lines lc rgb "#c0392b" dt 2 lw 2 title "glibc malloc+free", \
     NaN with lines lc rgb "#27ae60" dt 2 lw 2 title "floor"
