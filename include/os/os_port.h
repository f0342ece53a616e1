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
 * predefined macros, unless #OS_PORT_SINGLE_THREADED is defined:
 *
 * | Port                      | Chosen when                            | Critical section                 |
 * |---------------------------|----------------------------------------|----------------------------------|
 * | Cortex-M (#OS_PORT_CORTEX_M) | <tt>__ARM_ARCH_PROFILE == 'M'</tt> | interrupts masked with PRIMASK   |
 * | Host (#OS_PORT_HOST)      | Linux, macOS and other Unix hosts      | a per-pool spinlock that yields  |
 * | Single-threaded           | `-DOS_PORT_SINGLE_THREADED`            | none                             |
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
/** @brief 1 when the Cortex-M port (PRIMASK critical sections) is in use. */
#define OS_PORT_CORTEX_M 1
/** @brief 1 when the host port (a spinlock that yields) is in use. */
#define OS_PORT_HOST 1
#elif defined(OS_PORT_SINGLE_THREADED)
#define OS_PORT_CORTEX_M 0
#define OS_PORT_HOST 0
#elif defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define OS_PORT_CORTEX_M 1
#define OS_PORT_HOST 0
#elif defined(__unix__) || defined(__unix) || defined(__APPLE__)
#define OS_PORT_CORTEX_M 0
#define OS_PORT_HOST 1
#else
#error "mempool: no port for this target; define OS_PORT_SINGLE_THREADED"
#endif

#ifndef OS_ALIGNMENT
#if UINTPTR_MAX > 0xffffffffu
/**
 * @brief Alignment of every block, in bytes.
 *
 * The size of a pointer by default (8 on a 64-bit host, 4 on a 32-bit
 * microcontroller); define it on the command line to override, for example
 * `-DOS_ALIGNMENT=8` on a 32-bit target whose blocks hold 64-bit values.
 * It must be 4 or 8 and never smaller than a pointer, because a free block
 * holds the free-list link.
 */
#define OS_ALIGNMENT 8
#else
#define OS_ALIGNMENT 4
#endif
#endif

#if OS_ALIGNMENT == 8
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
#error "mempool: OS_ALIGNMENT must be 4 or 8"
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
