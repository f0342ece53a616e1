/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#include "os/os_error.h"

/* Mynewt's SYS_E... values (its defs/error.h), written here as numbers so
 * that the library needs no header of Mynewt's. */
#define OS_SYS_EOK 0
#define OS_SYS_ENOMEM (-1)
#define OS_SYS_EINVAL (-2)
#define OS_SYS_ETIMEOUT (-3)
#define OS_SYS_ENOENT (-4)
#define OS_SYS_EBUSY (-8)
#define OS_SYS_EUNKNOWN (-13)

int
os_error_to_sys(os_error_t os_error)
{
    switch (os_error) {
    case OS_OK:
        return OS_SYS_EOK;
    case OS_ENOMEM:
        return OS_SYS_ENOMEM;
    case OS_EINVAL:
    case OS_INVALID_PARAM:
        return OS_SYS_EINVAL;
    case OS_TIMEOUT:
        return OS_SYS_ETIMEOUT;
    case OS_ENOENT:
        return OS_SYS_ENOENT;
    case OS_EBUSY:
        return OS_SYS_EBUSY;
    default:
        return OS_SYS_EUNKNOWN;
    }
}
