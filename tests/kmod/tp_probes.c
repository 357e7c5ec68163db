// SPDX-License-Identifier: GPL-2.0
/*
 * tp_probes: a test module, not part of uio_ring. It shows which probes are
 * attached to the scheduler's process tracepoints, so that a test can check
 * that uio_ring leaves none behind (tests/vm/tests/t-32-proc-reload.sh).
 *
 * Reading /sys/kernel/debug/tp_probes gives one line per sched_process_*
 * tracepoint of the kernel proper:
 *   NAME enabled=0|1 probes=N [PROBE...]
 * where each PROBE is the probe function's symbol ("uio_ring_probe_fork
 * [uio_ring]"), spaces replaced by '@' so that the line splits into words.
 */
#include <linux/debugfs.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static struct dentry *tpp_file;

static void tpp_show_one(struct tracepoint *tp, void *priv)
{
	struct seq_file *m = priv;
	struct tracepoint_func *f;
	char sym[KSYM_SYMBOL_LEN];
	unsigned int n = 0;
	char *s;

	if (strncmp(tp->name, "sched_process_", 14))
		return;
	seq_printf(m, "%s enabled=%d", tp->name, static_key_enabled(&tp->key));
	/* The probe array is replaced, never changed in place, under RCU-sched. */
	rcu_read_lock_sched();
	f = rcu_dereference_sched(tp->funcs);
	for (; f && f->func; f++)
		n++;
	seq_printf(m, " probes=%u", n);
	f = rcu_dereference_sched(tp->funcs);
	for (; f && f->func; f++) {
		snprintf(sym, sizeof(sym), "%ps", f->func);
		for (s = sym; *s; s++)
			if (*s == ' ')
				*s = '@';
		seq_printf(m, " %s", sym);
	}
	rcu_read_unlock_sched();
	seq_putc(m, '\n');
}

static int tpp_show(struct seq_file *m, void *unused)
{
	for_each_kernel_tracepoint(tpp_show_one, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tpp);

static int __init tpp_init(void)
{
	tpp_file = debugfs_create_file("tp_probes", 0400, NULL, NULL, &tpp_fops);
	return 0;
}

static void __exit tpp_exit(void)
{
	debugfs_remove(tpp_file);
}

module_init(tpp_init);
module_exit(tpp_exit);

MODULE_DESCRIPTION("uio-ring test: the probes attached to the sched_process tracepoints");
MODULE_LICENSE("GPL");
