# The shared library's version script, made as src/install.mk makes it:
# src/libmempool.map run through the C preprocessor with the header's macros
# and the build's definitions, then without its blank lines.
#
#   cmake -DCC=... -DINCLUDE=dir -DDEFINITIONS="A;B=1" -DIN=map -DOUT=file
#         -P mempool_map.cmake
# (DEFINITIONS with "," in place of ";", which a build command would split.)

string(REPLACE "," ";" definitions "${DEFINITIONS}")
set(flags "-I${INCLUDE}")
foreach(d IN LISTS definitions)
    list(APPEND flags "-D${d}")
endforeach()
execute_process(
    COMMAND "${CC}" ${flags} -E -P -x c -imacros os/os_mempool.h "${IN}"
    OUTPUT_VARIABLE text
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "preprocessing ${IN} failed (${status})")
endif()
# Lines holding only white space go, as sed '/^[[:space:]]*$/d' drops them.
string(REGEX REPLACE "(^|\n)([ \t\r]*\n)+" "\\1" text "${text}")
string(REGEX REPLACE "(^|\n)[ \t\r]+$" "\\1" text "${text}")
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
