# gnuplot script of `make bench` part 3 and `make bench-plot`:
#   gnuplot -e "datafile='bench/perf-user.dat'; outfile='docs/perf-user.png'" bench/perf-user.gp
# Records per second of each method (columns 2...) per record size (rows),
# from bench/peer-bench --data; "?" marks a method that did not run.
if (!exists("datafile")) datafile = 'bench/perf-user.dat'
if (!exists("outfile")) outfile = 'bench/perf-user.png'

set terminal pngcairo noenhanced size 960,540 font "sans,10"
set output outfile
set datafile missing "?"
set title "Producer thread -> consumer thread, every byte written and read (records/s, median)"
set ylabel "records per second (log scale)"
set xlabel "record payload size"
set logscale y
set format y "%.0s%c"
set yrange [1e5:*]
set grid ytics mytics
set key outside right top vertical
# Ten methods: two more colours than gnuplot's eight before it repeats.
set linetype 9 lc rgb "#7f7f7f"
set linetype 10 lc rgb "#8c564b"
set linetype cycle 10
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
plot for [i=2:*] datafile using i:xtic(1) title columnheader(i)
