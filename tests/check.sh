# shellcheck shell=bash
# The assertions of the shell test scripts (tests/*/*.sh), which source this
# file after setting check_out.
#
#   check NAME COMMAND...   runs COMMAND and counts a pass or a failure in
#                           passed and failed; prints "PASS NAME" or
#                           "FAIL NAME" after $check_prefix, and on a
#                           failure the command's output, indented (its
#                           first $check_lines lines, all if unset)
#
# check_out is where the command's output goes: a file in the script's own
# work directory, which the script removes when it ends.
passed=0
failed=0

# Bash's locals are seen by the functions a command calls: this one's name
# must not hide a variable of the script.
check() {
    local check_name=$1
    shift
    if "$@" >"${check_out:?set before sourcing tests/check.sh}" 2>&1; then
        passed=$((passed + 1))
        echo "${check_prefix:-}PASS $check_name"
    else
        failed=$((failed + 1))
        echo "${check_prefix:-}FAIL $check_name"
        if [ -n "${check_lines:-}" ]; then
            sed 's/^/    /' "$check_out" | head -n "$check_lines"
        else
            sed 's/^/    /' "$check_out"
        fi
    fi
}
