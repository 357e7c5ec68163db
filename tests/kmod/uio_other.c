// SPDX-License-Identifier: GPL-2.0
/*
 * uio_other: a test module for the udev rules. It registers one plain UIO
 * device that is not a uio-ring (sysfs name "uio-other") but whose parent,
 * like a ring's, has a ring_name attribute: rules that matched on anything
 * but the UIO name "uio-ring" would wrongly take it for a ring.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/uio_driver.h>

static struct device *parent;

static ssize_t ring_name_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "impostor\n");
}
static DEVICE_ATTR_RO(ring_name);

static struct uio_info info = {
	.name = "uio-other",
	.version = "0",
	.irq = UIO_IRQ_NONE,
};

static int __init uio_other_init(void)
{
	int ret;

	parent = root_device_register("uio-other");
	if (IS_ERR(parent))
		return PTR_ERR(parent);
	ret = device_create_file(parent, &dev_attr_ring_name);
	if (ret)
		goto err_unregister;
	ret = uio_register_device(parent, &info);
	if (ret)
		goto err_remove;
	return 0;

err_remove:
	device_remove_file(parent, &dev_attr_ring_name);
err_unregister:
	root_device_unregister(parent);
	return ret;
}

static void __exit uio_other_exit(void)
{
	uio_unregister_device(&info);
	device_remove_file(parent, &dev_attr_ring_name);
	root_device_unregister(parent);
}

module_init(uio_other_init);
module_exit(uio_other_exit);

MODULE_DESCRIPTION("A plain UIO device that is not a uio-ring (tests only)");
MODULE_LICENSE("GPL");
