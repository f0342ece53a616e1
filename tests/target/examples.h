/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

#ifndef TARGET_EXAMPLES_H
#define TARGET_EXAMPLES_H

/* One docs example: its file, its main(), what it must print (NULL:
 * nothing). The generated table ends with a NULL file. */
struct target_example {
    const char *file;
    int (*main)(void);
    const char *output;
};

extern const struct target_example target_examples[];

#endif /* TARGET_EXAMPLES_H */
