# The rules of an installed mempoolConfigVersion.cmake, as find_package
# applies them: prints one line "REQUEST -> compatible|incompatible|exact|
# unsuitable" per request. A request is a version, a range (3.19's
# MIN...MAX or MIN...<MAX) or "none", with the consumer's pointer size.
#
#   cmake -DFILE=mempoolConfigVersion.cmake -DPOINTER=8 -DREQUESTS="2;1;2.0...<3" -P version_file.cmake
foreach(request IN LISTS REQUESTS)
    foreach(v PACKAGE_FIND_VERSION PACKAGE_FIND_VERSION_MAJOR
              PACKAGE_FIND_VERSION_RANGE PACKAGE_FIND_VERSION_MIN
              PACKAGE_FIND_VERSION_MAX
              PACKAGE_FIND_VERSION_RANGE_MAX PACKAGE_VERSION_COMPATIBLE
              PACKAGE_VERSION_EXACT PACKAGE_VERSION_UNSUITABLE)
        unset(${v})
    endforeach()
    set(CMAKE_SIZEOF_VOID_P "${POINTER}")
    if(request MATCHES "^([0-9.]+)[.][.][.](<?)([0-9.]+)$")
        set(PACKAGE_FIND_VERSION_RANGE "${request}")
        set(PACKAGE_FIND_VERSION_MIN "${CMAKE_MATCH_1}")
        set(PACKAGE_FIND_VERSION_MAX "${CMAKE_MATCH_3}")
        if(CMAKE_MATCH_2 STREQUAL "<")
            set(PACKAGE_FIND_VERSION_RANGE_MAX EXCLUDE)
        else()
            set(PACKAGE_FIND_VERSION_RANGE_MAX INCLUDE)
        endif()
        set(PACKAGE_FIND_VERSION "${PACKAGE_FIND_VERSION_MIN}")
    elseif(NOT request STREQUAL "none")
        set(PACKAGE_FIND_VERSION "${request}")
        string(REGEX REPLACE "[.].*" "" PACKAGE_FIND_VERSION_MAJOR "${request}")
    endif()
    include("${FILE}")
    if(PACKAGE_VERSION_UNSUITABLE)
        set(result unsuitable)
    elseif(PACKAGE_VERSION_EXACT)
        set(result exact)
    elseif(PACKAGE_VERSION_COMPATIBLE)
        set(result compatible)
    else()
        set(result incompatible)
    endif()
    message("${request} pointer ${POINTER} -> ${result} (${PACKAGE_VERSION})")
endforeach()
