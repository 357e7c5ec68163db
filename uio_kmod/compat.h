/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel version switch of uio_ring lives here, so that ring.c and
 * proc.c read as plain current kernel code. The kernels the guest suite
 * proves this on are tests/vm/kernels/list (5.10 to the newest Debian has).
 */
#ifndef UIO_RING_COMPAT_H
#define UIO_RING_COMPAT_H

#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uio_driver.h>
#include <linux/version.h>

/*
 * Mapping a ring to user space. 7.1 replaced uio_info.mmap, which got the
 * vma, by mmap_prepare, which gets a vm_area_desc and leaves an action for
 * the core to carry out. Either way the module hands over an array of its
 * pages, each of which the mapping then holds a reference to.
 * (Checked: 6.12 has mmap, 7.2 has mmap_prepare.)
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 1, 0)
typedef struct vm_area_desc uio_ring_vma_t;
#define uio_ring_set_mmap(info, fn)	((info)->mmap_prepare = (fn))

static inline unsigned long uio_ring_vma_map_index(const uio_ring_vma_t *v)
{
	return v->pgoff;
}

static inline bool uio_ring_vma_writable(const uio_ring_vma_t *v)
{
	return vma_desc_test(v, VMA_WRITE_BIT);
}

static inline void uio_ring_vma_forbid_write(uio_ring_vma_t *v)
{
	vma_desc_clear_flags(v, VMA_MAYWRITE_BIT);
}

static inline int uio_ring_vma_map_pages(uio_ring_vma_t *v, struct page **pages,
					 unsigned long nr)
{
	if (vma_desc_pages(v) > nr)
		return -ENXIO;
	mmap_action_map_kernel_pages_full(v, pages);
	return 0;
}
#else
typedef struct vm_area_struct uio_ring_vma_t;
#define uio_ring_set_mmap(info, fn)	((info)->mmap = (fn))

static inline unsigned long uio_ring_vma_map_index(const uio_ring_vma_t *v)
{
	return v->vm_pgoff;
}

static inline bool uio_ring_vma_writable(const uio_ring_vma_t *v)
{
	return v->vm_flags & VM_WRITE;
}

static inline void uio_ring_vma_forbid_write(uio_ring_vma_t *v)
{
	/* 6.3 made vm_flags read-only to drivers. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(v, VM_MAYWRITE);
#else
	v->vm_flags &= ~VM_MAYWRITE;
#endif
}

static inline int uio_ring_vma_map_pages(uio_ring_vma_t *v, struct page **pages,
					 unsigned long nr)
{
	/* _zero: the vma's pgoff is UIO's map index, not an offset into pages. */
	return vm_map_pages_zero(v, pages, nr);
}
#endif

/*
 * sched_process_exit. 6.16 added the group_dead that do_exit() computed,
 * and so GROUP_DEAD is exact there. Before, the probe can only read
 * signal->live, which do_exit() decrements before the tracepoint: two
 * threads of one process exiting at once can both read 0 (both flagged).
 * Declare the probe with UIO_RING_EXIT_PROBE_ARGS, read the flag with
 * uio_ring_exit_group_dead(p).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
#define UIO_RING_EXIT_PROBE_ARGS	struct task_struct *p, bool group_dead
#define uio_ring_exit_group_dead(p)	(group_dead)
#else
#define UIO_RING_EXIT_PROBE_ARGS	struct task_struct *p
#define uio_ring_exit_group_dead(p)	(atomic_read(&(p)->signal->live) == 0)
#endif

#endif /* UIO_RING_COMPAT_H */
