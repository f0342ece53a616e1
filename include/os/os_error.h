/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/**
 * @file os_error.h
 * @brief Result codes of the kernel functions.
 *
 * The values are Apache Mynewt's, so a result code printed or stored by
 * code built against Mynewt means the same here.
 */
#ifndef OS_ERROR_H
#define OS_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Result code returned by the memory pool functions.
 *
 * Every function that can fail returns one of these; 0 (#OS_OK) is success,
 * so `if (rc != 0)` tests for any failure.
 */
enum os_error {
    /** The operation was successful. */
    OS_OK = 0,
    /** Out of memory. */
    OS_ENOMEM = 1,
    /** An argument is not valid for the operation. */
    OS_EINVAL = 2,
    /**
     * Invalid parameters: a NULL pointer, a negative or zero count or size,
     * a size that does not fit, or a block that is not a held block of the
     * pool.
     */
    OS_INVALID_PARAM = 3,
    /** The memory buffer is not aligned on #OS_ALIGNMENT bytes. */
    OS_MEM_NOT_ALIGNED = 4,
    /** A mutex is not valid. */
    OS_BAD_MUTEX = 5,
    /** The operation timed out. */
    OS_TIMEOUT = 6,
    /** The operation is not allowed in an interrupt handler. */
    OS_ERR_IN_ISR = 7,
    /** The operation needs a privilege the caller does not have. */
    OS_ERR_PRIV = 8,
    /** The operating system has not been started. */
    OS_NOT_STARTED = 9,
    /** No such entry. */
    OS_ENOENT = 10,
    /** The resource is busy. */
    OS_EBUSY = 11,
    /** A generic error. */
    OS_ERROR = 12
};

/** @brief The result code type: one of the values of enum os_error. */
typedef enum os_error os_error_t;

/**
 * @brief Mynewt's spelling of #OS_INVALID_PARAM; the same value.
 *
 * Mynewt's sources spell the code `OS_INVALID_PARM` while its manual
 * spells it `OS_INVALID_PARAM`; both compile here.
 */
#define OS_INVALID_PARM OS_INVALID_PARAM

/**
 * @brief An older spelling of #OS_NOT_STARTED; the same value.
 */
#define OS_OS_NOT_STARTED OS_NOT_STARTED

/**
 * @brief Converts a result code to Mynewt's system error code (`SYS_E...`
 *        of Mynewt's `defs/error.h`).
 *
 * The values are Mynewt's: #OS_OK gives 0 (`SYS_EOK`), #OS_ENOMEM -1
 * (`SYS_ENOMEM`), #OS_EINVAL and #OS_INVALID_PARAM -2 (`SYS_EINVAL`),
 * #OS_TIMEOUT -3 (`SYS_ETIMEOUT`), #OS_ENOENT -4 (`SYS_ENOENT`), #OS_EBUSY
 * -8 (`SYS_EBUSY`), and every other code -13 (`SYS_EUNKNOWN`).
 *
 * @param os_error The result code to convert.
 * @return The system error code: 0 or negative.
 *
 * @context Anywhere: it reads nothing but its argument.
 *
 * @see os_error_t
 */
int os_error_to_sys(os_error_t os_error);

#ifdef __cplusplus
}
#endif

#endif /* OS_ERROR_H */
