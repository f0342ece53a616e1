# Instructions per op from the callgrind dumps of `bench callgrind` and the
# helpers: each dump is one part, "Trigger: Client Request: NAME n=N", whose
# total Ir covers N iterations. Each program's own empty loop ("empty") is
# subtracted, so a figure is what the calls and the list work cost, not the
# benchmark's loop. Prints "NAME,INSTRUCTIONS" lines.
FNR == 1 {
    prog = FILENAME
    sub(/\.[0-9]+\.[0-9]+$/, "", prog)
}
/^desc: Trigger: Client Request: / {
    name = $5
    n = substr($6, 3) + 0
}
/^totals: / {
    if (name == "empty") {
        empty[prog] = $2 / n
    } else if (name != "") {
        order[++count] = name
        per[name] = $2 / n
        from[name] = prog
    }
    name = ""
}
END {
    for (i = 1; i <= count; i++) {
        k = order[i]
        printf "%s,%.1f\n", k, per[k] - empty[from[k]]
    }
}
