/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/**
 * @file os_port.h
 * @brief What depends on the target: the port, the block alignment and the
 *        pool buffer type.
 *
 * The port decides how the pool functions protect themselves against
 * concurrent callers. It is chosen at compile time from the compiler's
 * predefined macros, unless #OS_PORT_USER or #OS_PORT_SINGLE_THREADED is
 * defined:
 *
 * | Port                          | Chosen when                          | Critical section                  |
 * |-------------------------------|--------------------------------------|-----------------------------------|
 * | Cortex-M (#OS_PORT_CORTEX_M)  | <tt>__ARM_ARCH_PROFILE == 'M'</tt>   | interrupts masked with PRIMASK    |
 * | RISC-V (#OS_PORT_RISCV)       | bare-metal RISC-V (`__riscv`)        | interrupts masked with mstatus.MIE |
 * | Host (#OS_PORT_HOST)          | Linux, macOS and other Unix hosts    | a lock in each pool               |
 * | User (#OS_PORT_USER)          | `-DOS_PORT_USER`                     | the application's own             |
 * | Single-threaded               | `-DOS_PORT_SINGLE_THREADED`          | none                              |
 *
 * The library and every file that includes this header must be compiled
 * with the same choice.
 */
#ifndef OS_PORT_H
#define OS_PORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__DOXYGEN__)
/**
 * @brief Define (for example with `-DOS_PORT_SINGLE_THREADED`) to build
 *        without any locking, for code that calls the pool from one thread
 *        and no interrupt handler.
 */
#define OS_PORT_SINGLE_THREADED
/**
 * @brief Define (`-DOS_PORT_USER`) to supply the critical section yourself:
 *        the application defines os_port_enter_critical() and
 *        os_port_exit_critical().
 */
#define OS_PORT_USER
/** @brief 1 when the Cortex-M port (PRIMASK critical sections) is in use. */
#define OS_PORT_CORTEX_M 1
/** @brief 1 when the RISC-V machine-mode port (mstatus.MIE) is in use. */
#define OS_PORT_RISCV 1
/** @brief 1 when the host port (a per-pool lock) is in use. */
#define OS_PORT_HOST 1
#elif defined(OS_PORT_SINGLE_THREADED) || defined(OS_PORT_USER)
#define OS_PORT_CORTEX_M 0
#define OS_PORT_RISCV 0
#define OS_PORT_HOST 0
#elif defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define OS_PORT_CORTEX_M 1
#define OS_PORT_RISCV 0
#define OS_PORT_HOST 0
#elif defined(__unix__) || defined(__unix) || defined(__APPLE__)
#define OS_PORT_CORTEX_M 0
#define OS_PORT_RISCV 0
#define OS_PORT_HOST 1
#elif defined(__riscv)
#define OS_PORT_CORTEX_M 0
#define OS_PORT_RISCV 1
#define OS_PORT_HOST 0
#else
#error "mempool: no port for this target; define OS_PORT_USER (your critical section) or OS_PORT_SINGLE_THREADED"
#endif

#if defined(OS_PORT_SINGLE_THREADED) && defined(OS_PORT_USER)
#error "mempool: define only one of OS_PORT_SINGLE_THREADED and OS_PORT_USER"
#endif

/*
 * A pool carries a lock word on hosted Unix targets, whatever the port, so
 * that the layout of struct os_mempool depends on the target alone.
 */
#if defined(__unix__) || defined(__unix) || defined(__APPLE__) || \
    defined(__DOXYGEN__)
/** @brief 1 when struct os_mempool has a lock word (hosted Unix targets). */
#define OS_PORT_POOL_LOCK 1
#else
#define OS_PORT_POOL_LOCK 0
#endif

/** @brief A lock word of the host port (the registry's and each pool's). */
typedef uint32_t os_port_lock_t;

#if defined(OS_PORT_USER) || defined(__DOXYGEN__)
/**
 * @brief User port: enters the application's critical section.
 *
 * Defined by the application when the library is built with
 * #OS_PORT_USER. Calls nest: a call made inside the critical section must
 * work and return a state that restores it.
 *
 * @return The state os_port_exit_critical() restores.
 */
uintptr_t os_port_enter_critical(void);

/**
 * @brief User port: leaves the critical section entered by the matching
 *        os_port_enter_critical().
 *
 * @param state What the matching os_port_enter_critical() returned.
 */
void os_port_exit_critical(uintptr_t state);
#endif

#ifndef OS_ALIGNMENT
#if UINTPTR_MAX > 0xffffffffu
/**
 * @brief Alignment of every block, in bytes.
 *
 * The size of a pointer by default (8 on a 64-bit host, 4 on a 32-bit
 * microcontroller); define it on the command line to override, for example
 * `-DOS_ALIGNMENT=8` on a 32-bit target whose blocks hold 64-bit values.
 * It must be 4, 8 or 16 and never smaller than a pointer, because a free
 * block holds the free-list link.
 */
#define OS_ALIGNMENT 8
#else
#define OS_ALIGNMENT 4
#endif
#endif

#if OS_ALIGNMENT == 16
#if defined(__SIZEOF_INT128__)
/* Mynewt's type for this alignment: a 128-bit unsigned integer. */
__extension__ typedef unsigned __int128 os_membuf_t;
#elif defined(__GNUC__)
/* No 128-bit integer on this target: 16 bytes aligned on 16. */
typedef struct {
    uint64_t os_membuf_words[2];
} os_membuf_t __attribute__((aligned(16)));
#else
#error "mempool: OS_ALIGNMENT 16 needs a 128-bit integer or GNU C"
#endif
#elif OS_ALIGNMENT == 8
/**
 * @brief Element type of a pool buffer: an unsigned integer of
 *        #OS_ALIGNMENT bytes.
 *
 * An array of it is aligned for any pool:
 * `os_membuf_t buf[OS_MEMPOOL_SIZE(n, size)];`.
 */
#if defined(__GNUC__)
/* Aligned explicitly: some 32-bit ABIs (x86) align uint64_t on 4 bytes. */
typedef uint64_t os_membuf_t __attribute__((aligned(8)));
#else
typedef uint64_t os_membuf_t;
#endif
#elif OS_ALIGNMENT == 4
typedef uint32_t os_membuf_t;
#else
#error "mempool: OS_ALIGNMENT must be 4, 8 or 16"
#endif

#if UINTPTR_MAX > 0xffffffffu && OS_ALIGNMENT < 8
#error "mempool: OS_ALIGNMENT is smaller than a pointer"
#endif

/**
 * @brief @p n rounded up to a multiple of @p a.
 *
 * A constant expression when its arguments are. The reference's
 * `OS_ALIGN(block_size)` is `OS_ALIGN(block_size, OS_ALIGNMENT)`.
 */
#define OS_ALIGN(n, a) ((((n) + ((a) - 1)) / (a)) * (a))

#ifdef __cplusplus
}
#endif

#endif /* OS_PORT_H */
