/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/**
 * @file queue.h
 * @brief BSD-style singly linked lists (SLIST) and singly linked tail
 *        queues (STAILQ), the macros Mynewt code walks its pools with.
 *
 * os/os_mempool.h includes this header, as Mynewt's does, so that
 * `SLIST_FIRST(mp)`, `SLIST_NEXT(block, mb_next)` and
 * `SLIST_FOREACH(block, mp, mb_next)` walk a pool's free list, and
 * `STAILQ_NEXT(mp, mp_list)` follows the registry link. The names and field
 * names are the BSD ones (`slh_first`, `sle_next`, `stqh_first`,
 * `stqh_last`, `stqe_next`); each macro is defined only when no other
 * header (a system's `<sys/queue.h>`) defined it first.
 *
 * Reading a pool's free list this way is safe only while no other thread or
 * interrupt handler uses the pool.
 */
#ifndef OS_QUEUE_H
#define OS_QUEUE_H

#include <stddef.h>

/* --- Singly linked lists ------------------------------------------------- */

#ifndef SLIST_HEAD
/** @brief Declares `struct name`, the head of a list of `struct type`. */
#define SLIST_HEAD(name, type)                                               \
    struct name {                                                            \
        struct type *slh_first;                                              \
    }
#endif

#ifndef SLIST_HEAD_INITIALIZER
/** @brief Initializer of an empty list head. */
#define SLIST_HEAD_INITIALIZER(head)                                         \
    {                                                                        \
        NULL                                                                 \
    }
#endif

#ifndef SLIST_ENTRY
/** @brief Declares the link member of an element of a list. */
#define SLIST_ENTRY(type)                                                    \
    struct {                                                                 \
        struct type *sle_next;                                               \
    }
#endif

#ifndef SLIST_FIRST
/** @brief The first element of the list, or NULL. */
#define SLIST_FIRST(head) ((head)->slh_first)
#endif

#ifndef SLIST_EMPTY
/** @brief Nonzero when the list has no element. */
#define SLIST_EMPTY(head) ((head)->slh_first == NULL)
#endif

#ifndef SLIST_NEXT
/** @brief The element after @p elm, or NULL. */
#define SLIST_NEXT(elm, field) ((elm)->field.sle_next)
#endif

#ifndef SLIST_FOREACH
/** @brief Runs the statement that follows for each element, in order. */
#define SLIST_FOREACH(var, head, field)                                      \
    for ((var) = SLIST_FIRST(head); (var) != NULL;                           \
         (var) = SLIST_NEXT(var, field))
#endif

#ifndef SLIST_INIT
/** @brief Makes the list empty. */
#define SLIST_INIT(head) ((head)->slh_first = NULL)
#endif

#ifndef SLIST_INSERT_HEAD
/** @brief Puts @p elm first. */
#define SLIST_INSERT_HEAD(head, elm, field)                                  \
    do {                                                                     \
        (elm)->field.sle_next = (head)->slh_first;                           \
        (head)->slh_first = (elm);                                           \
    } while (0)
#endif

#ifndef SLIST_INSERT_AFTER
/** @brief Puts @p elm right after @p slistelm. */
#define SLIST_INSERT_AFTER(slistelm, elm, field)                             \
    do {                                                                     \
        (elm)->field.sle_next = (slistelm)->field.sle_next;                  \
        (slistelm)->field.sle_next = (elm);                                  \
    } while (0)
#endif

#ifndef SLIST_REMOVE_HEAD
/** @brief Takes the first element off the list. */
#define SLIST_REMOVE_HEAD(head, field)                                       \
    ((head)->slh_first = (head)->slh_first->field.sle_next)
#endif

#ifndef SLIST_REMOVE
/** @brief Takes @p elm, of type `struct type`, off the list (a walk). */
#define SLIST_REMOVE(head, elm, type, field)                                 \
    do {                                                                     \
        if ((head)->slh_first == (elm)) {                                    \
            SLIST_REMOVE_HEAD((head), field);                                \
        } else {                                                             \
            struct type *slist_prev_ = (head)->slh_first;                    \
            while (slist_prev_->field.sle_next != (elm)) {                   \
                slist_prev_ = slist_prev_->field.sle_next;                   \
            }                                                                \
            slist_prev_->field.sle_next = (elm)->field.sle_next;             \
        }                                                                    \
    } while (0)
#endif

/* --- Singly linked tail queues ------------------------------------------- */

#ifndef STAILQ_HEAD
/**
 * @brief Declares `struct name`, the head of a tail queue of `struct type`:
 *        its first element and the link that ends it.
 */
#define STAILQ_HEAD(name, type)                                              \
    struct name {                                                            \
        struct type *stqh_first;                                             \
        struct type **stqh_last;                                             \
    }
#endif

#ifndef STAILQ_HEAD_INITIALIZER
/** @brief Initializer of an empty tail queue named @p head. */
#define STAILQ_HEAD_INITIALIZER(head)                                        \
    {                                                                        \
        NULL, &(head).stqh_first                                             \
    }
#endif

#ifndef STAILQ_ENTRY
/** @brief Declares the link member of an element of a tail queue. */
#define STAILQ_ENTRY(type)                                                   \
    struct {                                                                 \
        struct type *stqe_next;                                              \
    }
#endif

#ifndef STAILQ_FIRST
/** @brief The first element of the tail queue, or NULL. */
#define STAILQ_FIRST(head) ((head)->stqh_first)
#endif

#ifndef STAILQ_EMPTY
/** @brief Nonzero when the tail queue has no element. */
#define STAILQ_EMPTY(head) ((head)->stqh_first == NULL)
#endif

#ifndef STAILQ_NEXT
/** @brief The element after @p elm, or NULL. */
#define STAILQ_NEXT(elm, field) ((elm)->field.stqe_next)
#endif

#ifndef STAILQ_FOREACH
/** @brief Runs the statement that follows for each element, in order. */
#define STAILQ_FOREACH(var, head, field)                                     \
    for ((var) = STAILQ_FIRST(head); (var) != NULL;                          \
         (var) = STAILQ_NEXT(var, field))
#endif

#ifndef STAILQ_INIT
/** @brief Makes the tail queue empty. */
#define STAILQ_INIT(head)                                                    \
    do {                                                                     \
        (head)->stqh_first = NULL;                                           \
        (head)->stqh_last = &(head)->stqh_first;                             \
    } while (0)
#endif

#ifndef STAILQ_INSERT_HEAD
/** @brief Puts @p elm first. */
#define STAILQ_INSERT_HEAD(head, elm, field)                                 \
    do {                                                                     \
        if (((elm)->field.stqe_next = (head)->stqh_first) == NULL) {         \
            (head)->stqh_last = &(elm)->field.stqe_next;                     \
        }                                                                    \
        (head)->stqh_first = (elm);                                          \
    } while (0)
#endif

#ifndef STAILQ_INSERT_TAIL
/** @brief Puts @p elm last. */
#define STAILQ_INSERT_TAIL(head, elm, field)                                 \
    do {                                                                     \
        (elm)->field.stqe_next = NULL;                                       \
        *(head)->stqh_last = (elm);                                          \
        (head)->stqh_last = &(elm)->field.stqe_next;                         \
    } while (0)
#endif

#ifndef STAILQ_INSERT_AFTER
/** @brief Puts @p elm right after @p tqelm. */
#define STAILQ_INSERT_AFTER(head, tqelm, elm, field)                         \
    do {                                                                     \
        if (((elm)->field.stqe_next = (tqelm)->field.stqe_next) == NULL) {   \
            (head)->stqh_last = &(elm)->field.stqe_next;                     \
        }                                                                    \
        (tqelm)->field.stqe_next = (elm);                                    \
    } while (0)
#endif

#ifndef STAILQ_CONCAT
/** @brief Appends the elements of @p head2 to @p head1, emptying head2. */
#define STAILQ_CONCAT(head1, head2)                                          \
    do {                                                                     \
        if ((head2)->stqh_first != NULL) {                                   \
            *(head1)->stqh_last = (head2)->stqh_first;                       \
            (head1)->stqh_last = (head2)->stqh_last;                         \
            STAILQ_INIT(head2);                                              \
        }                                                                    \
    } while (0)
#endif

#ifndef STAILQ_REMOVE_HEAD
/** @brief Takes the first element off the tail queue. */
#define STAILQ_REMOVE_HEAD(head, field)                                      \
    do {                                                                     \
        if (((head)->stqh_first = (head)->stqh_first->field.stqe_next) ==    \
            NULL) {                                                          \
            (head)->stqh_last = &(head)->stqh_first;                         \
        }                                                                    \
    } while (0)
#endif

#ifndef STAILQ_REMOVE
/** @brief Takes @p elm, of type `struct type`, off the tail queue (a walk). */
#define STAILQ_REMOVE(head, elm, type, field)                                \
    do {                                                                     \
        if ((head)->stqh_first == (elm)) {                                   \
            STAILQ_REMOVE_HEAD((head), field);                               \
        } else {                                                             \
            struct type *stailq_prev_ = (head)->stqh_first;                  \
            while (stailq_prev_->field.stqe_next != (elm)) {                 \
                stailq_prev_ = stailq_prev_->field.stqe_next;                \
            }                                                                \
            if ((stailq_prev_->field.stqe_next =                             \
                     (elm)->field.stqe_next) == NULL) {                      \
                (head)->stqh_last = &stailq_prev_->field.stqe_next;          \
            }                                                                \
        }                                                                    \
    } while (0)
#endif

#endif /* OS_QUEUE_H */
