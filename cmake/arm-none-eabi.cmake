# Toolchain file for Arm Cortex-M with the GNU Arm Embedded compiler
# (Debian: gcc-arm-none-eabi, libnewlib-arm-none-eabi). From the top of the
# tree, the library for a Cortex-M4:
#
#   cmake -S . -B build/cortex-m4 -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake -DCMAKE_BUILD_TYPE=MinSizeRel && cmake --build build/cortex-m4
#
# ARM_CPU names another core (-DARM_CPU=cortex-m0, cortex-m33, ...). This
# file gives the compiler and the core only: os/os_port.h picks the Cortex-M
# port from the compiler's __ARM_ARCH_PROFILE, as it does for a plain
# arm-none-eabi-gcc command.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)

# Linking a program takes the firmware's startup code and linker script:
# CMake's compiler checks build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(ARM_CPU cortex-m4 CACHE STRING "Arm core, the -mcpu= value")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ARM_CPU)
# Sections per function and object, as firmware links with --gc-sections.
set(CMAKE_C_FLAGS_INIT "-mcpu=${ARM_CPU} -mthumb -ffunction-sections -fdata-sections")

# Headers and libraries from the target's sysroot, programs from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
