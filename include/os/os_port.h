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
 * | Port                          | Chosen when                          | Critical section                  | Runs where |
 * |-------------------------------|--------------------------------------|-----------------------------------|------------|
 * | Cortex-M (#OS_PORT_CORTEX_M)  | <tt>__ARM_ARCH_PROFILE == 'M'</tt>   | interrupts masked with PRIMASK, the mask restored on exit | privileged code on one core |
 * | RISC-V (#OS_PORT_RISCV)       | bare-metal RISC-V (`__riscv`)        | interrupts masked with mstatus.MIE, restored on exit | machine mode on one hart |
 * | Host (#OS_PORT_HOST)          | Linux, macOS and other Unix hosts    | a lock in each pool: a waiter spins, yields, then sleeps in the kernel | threads; not signal handlers |
 * | User (#OS_PORT_USER)          | `-DOS_PORT_USER`                     | the application's own: os_port_enter_critical(), os_port_exit_critical() | wherever that section protects |
 * | Single-threaded               | `-DOS_PORT_SINGLE_THREADED`          | none                              | one caller at a time |
 *
 * Where each port falls short, the user port takes over:
 *
 * - The Cortex-M port needs privileged execution: in unprivileged thread
 *   mode, as an MPU-protected RTOS task runs, `cpsid i` is ignored and the
 *   pool is not protected at all. PRIMASK also masks the interrupts of the
 *   core that sets it only: a pool shared by the cores of a dual-core part
 *   needs a critical section that also takes a lock between the cores.
 *   The RISC-V port likewise needs machine mode and one hart.
 * - The host port is not async-signal-safe: a signal handler that calls a
 *   pool function while its own thread is inside one waits for itself
 *   forever. A program that calls pools from signal handlers, such as a
 *   firmware simulator whose interrupts are signals, uses the user port
 *   with a critical section that blocks those signals.
 * - An RTOS gives its own critical section (Mynewt's OS_ENTER_CRITICAL, a
 *   FreeRTOS critical section, Zephyr's irq_lock()) through the user port.
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
 *        os_port_exit_critical(), and every pool function brackets its
 *        work with them.
 *
 * For an RTOS's own critical section, a core or mode the built-in ports
 * cannot serve (an unprivileged Cortex-M task, several cores sharing a
 * pool), or a program whose signal handlers call pool functions. The
 * design guide shows the section for a simulator whose interrupts are
 * signals, Mynewt, FreeRTOS and Zephyr.
 */
#define OS_PORT_USER
/**
 * @brief 1 when the Cortex-M port (PRIMASK critical sections) is in use:
 *        privileged execution on one core only.
 */
#define OS_PORT_CORTEX_M 1
/**
 * @brief 1 when the RISC-V machine-mode port (mstatus.MIE) is in use:
 *        machine mode on one hart only.
 */
#define OS_PORT_RISCV 1
/**
 * @brief 1 when the host port (a per-pool lock) is in use; not
 *        async-signal-safe.
 */
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
 * #OS_PORT_USER. While the section is held, nothing else may call a
 * function of the library: no other thread or task, no interrupt or signal
 * handler that calls one, no other core. Calls nest: a call made inside
 * the section (by the library, or by a pool function called in the
 * application's own section) must work and return a state that restores
 * the section as it was.
 *
 * @return The state os_port_exit_critical() restores, for example the
 *         interrupt mask found on entry.
 *
 * @context Every context that calls a pool function, interrupt and signal
 *          handlers included.
 *
 * @see os_port_exit_critical()
 */
uintptr_t os_port_enter_critical(void);

/**
 * @brief User port: leaves the critical section entered by the matching
 *        os_port_enter_critical(), restoring what that call found.
 *
 * Defined by the application when the library is built with
 * #OS_PORT_USER. A nested exit restores the state of the section it is
 * nested in (interrupts stay masked, for example); only the outermost one
 * lets other callers in again.
 *
 * @param state What the matching os_port_enter_critical() returned.
 *
 * @context The context that made the matching os_port_enter_critical().
 *
 * @see os_port_enter_critical()
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
