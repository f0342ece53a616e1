# The benchmark's plot, drawn from what `bench --out DIR` wrote:
#   top: ns per get+put pair of every row of the pairs table (pairs.dat:
#        index, label, ns), log scale, glibc malloc+free as a line;
#   bottom: get all, then put all, ns per operation against the pool's size
#        for mempool, the plain pool and glibc malloc/free (scale.dat:
#        blocks, mempool, plain, glibc).
# tests/bench.mk calls it with the run's provenance as a two-line caption:
#   gnuplot -e "dir='DIR'; out='FILE'; cap1='...'; cap2='...'" plot.gp
set terminal svg size 900,900 dynamic noenhanced font "sans,11" background "white"
set output out
pairs = dir . "/pairs.dat"
scale = dir . "/scale.dat"
set datafile separator "\t"

stats pairs using 1 nooutput
nbars = STATS_records
stats pairs using (strcol(2) eq "glibc malloc+free" ? $3 : NaN) nooutput
malloc_ns = STATS_max
stats pairs using 3 nooutput
xmax = STATS_max * 4

set multiplot title cap1 . "\n" . cap2 font ",9"

set size 1, 0.6
set rmargin 8
set origin 0, 0.34
set title "get+put pair of a 64-byte block: ns (log scale; shorter is faster)"
set logscale x
set xrange [0.1:xmax]
set yrange [nbars - 0.5:-0.5]
set ytics nomirror font ",9"
unset xlabel
set grid xtics
set lmargin 50
set key top right opaque
set style fill solid 0.8 border -1
set arrow 1 from malloc_ns, graph 0 to malloc_ns, graph 1 nohead lc rgb "#c0392b" dt 2 lw 2
plot pairs using (sqrt(0.1 * $3)):1:(0.1):3:($1 - 0.35):($1 + 0.35):ytic(2) \
         with boxxyerror lc rgb "#3b6ea5" title "ns per pair", \
     pairs using ($3 * 1.15):1:(sprintf("%.2f", $3)) with labels left font ",8" notitle, \
     NaN with lines lc rgb "#c0392b" dt 2 lw 2 title "glibc malloc+free"

unset arrow 1
set size 1, 0.34
set origin 0, 0.0
set lmargin 50
set rmargin 8
set title "get all, then put all: ns per operation by pool size"
set logscale x 2
set autoscale x
set format x "%.0f"
set xtics (16, 256, 4096, 65536, 1048576)
set xlabel "blocks"
set yrange [0:*]
set autoscale ymax
set ytics mirror font ",9"
set ylabel "ns per get or put"
set grid ytics
set key top left opaque
plot scale using 1:2 with linespoints lw 2 pt 7 lc rgb "#3b6ea5" title "mempool, default build", \
     scale using 1:3 with linespoints lw 2 pt 5 lc rgb "#7f8c8d" title "plain Mynewt-style pool, same lock", \
     scale using 1:4 with linespoints lw 2 pt 9 lc rgb "#c0392b" title "glibc malloc, free"

unset multiplot
