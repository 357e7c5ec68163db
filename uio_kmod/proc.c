// SPDX-License-Identifier: GPL-2.0
/*
 * Process events: fork, exec and exit, from the scheduler's tracepoints, as
 * fixed binary records (include/uio-ring/abi.h) into every ring that has the
 * source attached. Decoding them is user space's business.
 *
 * The sched_process_* tracepoints are not exported by name; they are found
 * at load time with for_each_kernel_tracepoint(). Probes run in the context
 * of the task concerned, take only the ring's raw spinlock and never wait
 * for room: a full ring drops and counts the event, it never slows a fork
 * down beyond the copy of one record.
 *
 * Newer kernels (7.2 here) run tracepoint probes under SRCU, preemptible: each
 * probe turns preemption off itself, so that an event's timestamp, its CPU
 * and its place in the ring are taken on one CPU with nothing in between
 * (records of one CPU are in time order), and detaching waits for probes
 * with tracepoint_synchronize_unregister(), which covers both kinds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uidgid.h>

#include "compat.h"
#include "uio_ring.h"

static char *proc_events[UIO_RING_MAX_RINGS];
static int nr_proc_events;
module_param_array(proc_events, charp, &nr_proc_events, 0444);
MODULE_PARM_DESC(proc_events, "Comma-separated rings to attach the process event source to at load");

static void uio_ring_probe_fork(void *data, struct task_struct *parent,
				struct task_struct *child);
static void uio_ring_probe_exec(void *data, struct task_struct *p, pid_t old_pid,
				struct linux_binprm *bprm);
static void uio_ring_probe_exit(void *data, UIO_RING_EXIT_PROBE_ARGS);

static struct uio_ring_tracepoint {
	const char *name;
	void *probe;
	struct tracepoint *tp;
} uio_ring_tracepoints[] = {
	{ "sched_process_fork", uio_ring_probe_fork },
	{ "sched_process_exec", uio_ring_probe_exec },
	{ "sched_process_exit", uio_ring_probe_exit },
};

static DEFINE_MUTEX(uio_ring_proc_mutex);	/* attach, detach, probe (un)registration */
static unsigned int uio_ring_proc_users;	/* rings attached */

static void uio_ring_proc_fill(struct uio_ring_proc *h, struct task_struct *p)
{
	const struct cred *cred;

	h->timestamp_ns = ktime_get_ns();
	h->cpu = smp_processor_id();
	h->pid = p->pid;
	h->tgid = p->tgid;
	rcu_read_lock();
	h->ppid = task_tgid_nr(rcu_dereference(p->real_parent));
	cred = __task_cred(p);
	h->uid = from_kuid(&init_user_ns, cred->uid);
	h->gid = from_kgid(&init_user_ns, cred->gid);
	rcu_read_unlock();
}

/*
 * Copy the event (and a string after it, NUL-terminated, tail_len bytes
 * with the NUL) into every attached ring.
 */
static void uio_ring_proc_emit(u16 type, u16 flags, const void *ev, u32 len,
			       const char *tail, u32 tail_len)
{
	struct uio_ring_rec *rec;
	unsigned int i;
	u8 *payload;

	for (i = 0; i < nr_rings; i++) {
		if (!READ_ONCE(rings[i].proc_events))
			continue;
		rec = uio_kring_reserve(&rings[i], len + tail_len, type, flags);
		if (!rec)
			continue;
		payload = (u8 *)(rec + 1);
		memcpy(payload, ev, len);
		if (tail_len) {
			memcpy(payload + len, tail, tail_len - 1);
			payload[len + tail_len - 1] = '\0';
		}
		uio_kring_commit(&rings[i], rec);
	}
}

static void uio_ring_probe_fork(void *data, struct task_struct *parent,
				struct task_struct *child)
{
	struct uio_ring_proc_fork ev;

	preempt_disable();
	uio_ring_proc_fill(&ev.proc, parent);
	ev.child_pid = child->pid;
	ev.child_tgid = child->tgid;
	uio_ring_proc_emit(UIO_RING_TYPE_PROC_FORK, 0, &ev, sizeof(ev), NULL, 0);
	preempt_enable();
}

static void uio_ring_probe_exec(void *data, struct task_struct *p, pid_t old_pid,
				struct linux_binprm *bprm)
{
	struct uio_ring_proc_exec ev;
	size_t n = strnlen(bprm->filename, UIO_RING_PROC_FILENAME_MAX);
	u16 flags = 0;

	if (n >= UIO_RING_PROC_FILENAME_MAX) {
		n = UIO_RING_PROC_FILENAME_MAX - 1;
		flags |= UIO_RING_PROC_F_TRUNCATED;
	}
	preempt_disable();
	uio_ring_proc_fill(&ev.proc, p);
	ev.old_pid = old_pid;
	ev.filename_len = n + 1;
	/* Tracepoints read comm the same way: it is always NUL-terminated. */
	memcpy(ev.comm, p->comm, sizeof(ev.comm));
	ev.comm[sizeof(ev.comm) - 1] = '\0';
	uio_ring_proc_emit(UIO_RING_TYPE_PROC_EXEC, flags, &ev, sizeof(ev),
			   bprm->filename, n + 1);
	preempt_enable();
}

static void uio_ring_probe_exit(void *data, UIO_RING_EXIT_PROBE_ARGS)
{
	struct uio_ring_proc_exit ev;
	u16 flags = 0;

	preempt_disable();
	uio_ring_proc_fill(&ev.proc, p);
	ev.exit_code = p->exit_code;
	ev.exit_signal = p->exit_signal > 0 ? p->exit_signal : 0;
	if (uio_ring_exit_group_dead(p))
		flags |= UIO_RING_PROC_F_GROUP_DEAD;
	uio_ring_proc_emit(UIO_RING_TYPE_PROC_EXIT, flags, &ev, sizeof(ev), NULL, 0);
	preempt_enable();
}

static void uio_ring_find_tracepoint(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(uio_ring_tracepoints); i++)
		if (!strcmp(tp->name, uio_ring_tracepoints[i].name))
			uio_ring_tracepoints[i].tp = tp;
}

static void uio_ring_unregister_probes(unsigned int n)
{
	while (n--)
		tracepoint_probe_unregister(uio_ring_tracepoints[n].tp,
					    uio_ring_tracepoints[n].probe, NULL);
	/* No probe runs, or will run, once this returns. */
	tracepoint_synchronize_unregister();
}

static int uio_ring_register_probes(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(uio_ring_tracepoints); i++) {
		if (!uio_ring_tracepoints[i].tp) {
			pr_err("tracepoint %s not found\n", uio_ring_tracepoints[i].name);
			ret = -ENOENT;
			goto fail;
		}
		ret = tracepoint_probe_register(uio_ring_tracepoints[i].tp,
						uio_ring_tracepoints[i].probe, NULL);
		if (ret) {
			pr_err("cannot attach to %s: %d\n", uio_ring_tracepoints[i].name, ret);
			goto fail;
		}
	}
	return 0;
fail:
	uio_ring_unregister_probes(i);
	return ret;
}

static int uio_ring_proc_attach(struct uio_kring *ring)
{
	int ret = 0;

	if (ring->user_producer)
		return -EOPNOTSUPP;	/* its producer state is not ours to trust */
	mutex_lock(&uio_ring_proc_mutex);
	if (READ_ONCE(ring->stopping)) {
		ret = -ESHUTDOWN;
		goto out;
	}
	if (ring->proc_events)
		goto out;
	if (!uio_ring_proc_users) {
		ret = uio_ring_register_probes();
		if (ret)
			goto out;
	}
	uio_ring_proc_users++;
	WRITE_ONCE(ring->proc_events, true);
out:
	mutex_unlock(&uio_ring_proc_mutex);
	return ret;
}

/* When this returns, no probe writes into the ring any more. */
void uio_ring_proc_detach(struct uio_kring *ring)
{
	mutex_lock(&uio_ring_proc_mutex);
	if (ring->proc_events) {
		WRITE_ONCE(ring->proc_events, false);
		if (--uio_ring_proc_users == 0)
			uio_ring_unregister_probes(ARRAY_SIZE(uio_ring_tracepoints));
		else
			/* Waits out a probe that saw the flag still set. */
			tracepoint_synchronize_unregister();
	}
	mutex_unlock(&uio_ring_proc_mutex);
}

static ssize_t proc_events_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	struct uio_kring *ring = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(ring->proc_events));
}

static ssize_t proc_events_store(struct device *dev, struct device_attribute *attr,
				 const char *buf, size_t count)
{
	struct uio_kring *ring = dev_get_drvdata(dev);
	bool on;
	int ret;

	ret = kstrtobool(buf, &on);
	if (ret)
		return ret;
	if (on) {
		ret = uio_ring_proc_attach(ring);
		if (ret)
			return ret;
	} else {
		uio_ring_proc_detach(ring);
	}
	return count;
}
DEVICE_ATTR_RW(proc_events);

/* Find the tracepoints: before any ring's proc_events switch appears. */
void uio_ring_proc_find(void)
{
	for_each_kernel_tracepoint(uio_ring_find_tracepoint, NULL);
}

/* Attach the rings named by proc_events=; on failure, detach them all. */
int uio_ring_proc_init(void)
{
	unsigned int i;
	int j, ret;

	for (j = 0; j < nr_proc_events; j++) {
		for (i = 0; i < nr_rings; i++)
			if (!strcmp(rings[i].name, proc_events[j]))
				break;
		if (i == nr_rings) {
			pr_err("proc_events: no ring named %s\n", proc_events[j]);
			ret = -EINVAL;
			goto fail;
		}
		ret = uio_ring_proc_attach(&rings[i]);
		if (ret)
			goto fail;
	}
	return 0;
fail:
	for (i = 0; i < nr_rings; i++)
		uio_ring_proc_detach(&rings[i]);
	return ret;
}
