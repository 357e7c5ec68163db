// SPDX-License-Identifier: GPL-2.0
/*
 * nl_bench: a test module, not part of uio_ring. It is the netlink peer the
 * ring's delivery capacity is measured against in `make bench`
 * (bench/vm-deliver-bench.sh, bench/deliver-bench.c).
 *
 * It registers the generic netlink family NLB_FAMILY_NAME with one
 * multicast group, NLB_MCGRP_NAME. Writing "COUNT SIZE" to
 * /sys/kernel/nl_bench/emit sends COUNT messages to that group from the
 * writer's context, as fast as the kernel takes them: each message is
 * command NLB_CMD_RECORD with attribute NLB_ATTR_SEQ (u64, one sequence
 * number per message, counted across all writers, failed sends included)
 * and NLB_ATTR_DATA (SIZE bytes, byte i = (seq + i) & 0xff, the pattern of
 * uio_ring's emit). Allocation is GFP_KERNEL, so netlink yields to the
 * reader when its socket is more than half full, as it does for any sender
 * that may sleep. A send that fails because a reader's socket is full
 * (-ENOBUFS, -EAGAIN) counts as dropped; /sys/kernel/nl_bench/stats holds
 * the running totals.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/sysfs.h>
#include <net/genetlink.h>

#include <uio-ring/abi.h>

#define NLB_FAMILY_NAME	"uioring_nlb"
#define NLB_MCGRP_NAME	"records"
#define NLB_MAX_SIZE	65536u

enum {
	NLB_CMD_UNSPEC,
	NLB_CMD_RECORD,
};

enum {
	NLB_ATTR_UNSPEC,
	NLB_ATTR_SEQ,
	NLB_ATTR_DATA,
	NLB_ATTR_PAD,
	__NLB_ATTR_MAX,
};
#define NLB_ATTR_MAX (__NLB_ATTR_MAX - 1)

static const struct genl_multicast_group nlb_mcgrps[] = {
	{ .name = NLB_MCGRP_NAME },
};

static struct genl_family nlb_family __ro_after_init = {
	.name = NLB_FAMILY_NAME,
	.version = 1,
	.maxattr = NLB_ATTR_MAX,
	.module = THIS_MODULE,
	.mcgrps = nlb_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nlb_mcgrps),
};

static atomic64_t nlb_seq, nlb_sent, nlb_dropped, nlb_no_listener, nlb_failed;
static struct kobject *nlb_kobj;

/* Bytes 0..255 twice: any 256-byte run of the pattern is one memcpy. */
static u8 nlb_pattern[UIO_RING_TEST_TABLE_SIZE(256)];	/* abi.h's test pattern */

static void nlb_fill(u8 *p, u64 seq, u32 len)
{
	u32 off, n;

	for (off = 0; off < len; off += n) {
		n = min_t(u32, len - off, 256);
		memcpy(p + off, uio_ring_test_payload(nlb_pattern, seq + off), n);
	}
}

static int nlb_send_one(u32 size)
{
	u64 seq = atomic64_inc_return(&nlb_seq) - 1;
	struct sk_buff *skb;
	struct nlattr *nla;
	void *hdr;
	int ret;

	skb = genlmsg_new(nla_total_size_64bit(sizeof(u64)) + nla_total_size(size), GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &nlb_family, 0, NLB_CMD_RECORD);
	if (!hdr)
		goto too_small;
	if (nla_put_u64_64bit(skb, NLB_ATTR_SEQ, seq, NLB_ATTR_PAD))
		goto too_small;
	nla = nla_reserve(skb, NLB_ATTR_DATA, size);
	if (!nla)
		goto too_small;
	nlb_fill(nla_data(nla), seq, size);
	genlmsg_end(skb, hdr);
	/* Consumes the skb whatever happens. */
	ret = genlmsg_multicast(&nlb_family, skb, 0, 0, GFP_KERNEL);
	return ret;

too_small:
	nlmsg_free(skb);
	return -EMSGSIZE;
}

/* "COUNT SIZE": send COUNT messages of SIZE data bytes. */
static ssize_t emit_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	unsigned int n, size, i;
	char extra;
	int ret;

	if (sscanf(buf, "%u %u %c", &n, &size, &extra) != 2 || size > NLB_MAX_SIZE)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		ret = nlb_send_one(size);
		switch (ret) {
		case 0:
			atomic64_inc(&nlb_sent);
			break;
		case -ESRCH:
			atomic64_inc(&nlb_no_listener);
			break;
		case -ENOBUFS:
		case -EAGAIN:
			atomic64_inc(&nlb_dropped);
			break;
		default:
			atomic64_inc(&nlb_failed);
			break;
		}
		if ((i & 255) == 255) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return count;
}
static struct kobj_attribute nlb_emit_attr = __ATTR_WO(emit);

static ssize_t stats_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "seq=%lld sent=%lld dropped=%lld no_listener=%lld failed=%lld\n",
			  atomic64_read(&nlb_seq), atomic64_read(&nlb_sent),
			  atomic64_read(&nlb_dropped), atomic64_read(&nlb_no_listener),
			  atomic64_read(&nlb_failed));
}
static struct kobj_attribute nlb_stats_attr = __ATTR_RO(stats);

static struct attribute *nlb_attrs[] = {
	&nlb_emit_attr.attr,
	&nlb_stats_attr.attr,
	NULL,
};
static const struct attribute_group nlb_group = {
	.attrs = nlb_attrs,
};

static int __init nlb_init(void)
{
	int ret;

	uio_ring_test_table(nlb_pattern, sizeof(nlb_pattern));
	ret = genl_register_family(&nlb_family);
	if (ret) {
		pr_err("cannot register generic netlink family %s: %d\n", NLB_FAMILY_NAME, ret);
		return ret;
	}
	nlb_kobj = kobject_create_and_add("nl_bench", kernel_kobj);
	if (!nlb_kobj) {
		ret = -ENOMEM;
		goto err_family;
	}
	ret = sysfs_create_group(nlb_kobj, &nlb_group);
	if (ret)
		goto err_kobj;
	return 0;

err_kobj:
	kobject_put(nlb_kobj);
err_family:
	genl_unregister_family(&nlb_family);
	return ret;
}

static void __exit nlb_exit(void)
{
	/* Waits for a running emit to return; nothing sends after this. */
	sysfs_remove_group(nlb_kobj, &nlb_group);
	kobject_put(nlb_kobj);
	genl_unregister_family(&nlb_family);
}

module_init(nlb_init);
module_exit(nlb_exit);

MODULE_DESCRIPTION("uio-ring test: records sent as generic netlink multicast messages");
MODULE_LICENSE("GPL");
