/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The example of the os_mempool_init reference page: a file system's pool
 * of file objects, sized from its configuration and allocated with
 * malloc(). The part between the markers is the reference's code; the
 * context it assumes (struct nffs_file, nffs_config, nffs_file_pool) is
 * supplied here.
 */
#include <stdint.h>
#include <stdlib.h>

#include "os/os_mempool.h"

struct nffs_file {
    uint32_t nf_inode_id;
    uint32_t nf_offset;
    uint8_t nf_access_flags;
};

struct nffs_config {
    uint32_t nc_num_files;
};

static const struct nffs_config nffs_config = {.nc_num_files = 4};
static struct os_mempool nffs_file_pool;

int
main(void)
{
    int rc;

    /* The reference's code, as it wrote it (one line broken in two, to fit
     * a man page's 80 columns). */
    /* clang-format off */
    /* [nffs] */
    void *nffs_file_mem;

    nffs_file_mem = malloc(OS_MEMPOOL_BYTES(nffs_config.nc_num_files,
                                            sizeof (struct nffs_file)));

    rc = os_mempool_init(&nffs_file_pool, nffs_config.nc_num_files,
                         sizeof (struct nffs_file), nffs_file_mem,
                         "nffs_file_pool");
    if (rc != 0) {
        /* Memory pool initialization failure */
    }
    /* [nffs] */
    /* clang-format on */

    /* The pool holds one block per configured file, each a struct. */
    if (rc != OS_OK ||
        nffs_file_pool.mp_num_blocks != nffs_config.nc_num_files ||
        nffs_file_pool.mp_block_size != sizeof(struct nffs_file) ||
        os_memblock_get(&nffs_file_pool) == NULL) {
        return 1;
    }
    os_mempool_clear(&nffs_file_pool);
    os_mempool_unregister(&nffs_file_pool);
    free(nffs_file_mem);
    return 0;
}
