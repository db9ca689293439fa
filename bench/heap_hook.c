/* Counts every byte on the heap, for bench_heap only (bench_tls stays uninstrumented): this program
 * defines malloc and friends, which the dynamic linker then uses for every library in the process
 * (libcrypto, libssl, GnuTLS, ...), and forwards to glibc's own entry points. heap_hook_mark()
 * starts a window; heap_hook_peak() is the highest net growth of the heap since the mark. */
#include <malloc.h>
#include <errno.h>
#include <stddef.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void *__libc_memalign(size_t align, size_t size);
void __libc_free(void *ptr);

void heap_hook_mark(void);
long heap_hook_peak(void);

static long heap_now, heap_mark, heap_high;

static void *heap_add(void *p)
{
    if (p != NULL) {
        heap_now += (long)malloc_usable_size(p);
        if (heap_now > heap_high)
            heap_high = heap_now;
    }
    return p;
}

static void heap_sub(void *p)
{
    if (p != NULL)
        heap_now -= (long)malloc_usable_size(p);
}

void heap_hook_mark(void)
{
    heap_mark = heap_high = heap_now;
}

long heap_hook_peak(void)
{
    return heap_high - heap_mark;
}

void *malloc(size_t size)
{
    return heap_add(__libc_malloc(size));
}

void *calloc(size_t count, size_t size)
{
    return heap_add(__libc_calloc(count, size));
}

void *realloc(void *ptr, size_t size)
{
    heap_sub(ptr);
    void *p = __libc_realloc(ptr, size);
    if (p == NULL && size != 0 && ptr != NULL) { /* failed: the old block is still there */
        heap_add(ptr);
        return NULL;
    }
    return heap_add(p);
}

void free(void *ptr)
{
    heap_sub(ptr);
    __libc_free(ptr);
}

void *memalign(size_t align, size_t size)
{
    return heap_add(__libc_memalign(align, size));
}

void *aligned_alloc(size_t align, size_t size)
{
    return heap_add(__libc_memalign(align, size));
}

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p = heap_add(__libc_memalign(align, size));
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}
