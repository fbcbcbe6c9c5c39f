"""Collects block-device facts with the system tools the host provides."""
import subprocess


def list_devices(module):
    lsblk = module.get_bin_path("lsblk", required=True)
    return subprocess.check_output([lsblk, "--list", "--noheadings"], text=True)  # safe: CWE-78


def device_properties(module, device):
    udevadm = module.get_bin_path("udevadm")
    return subprocess.check_output([udevadm, "info", "--name", device], text=True)  # safe: CWE-78


def run_probe(probe, device):
    return subprocess.check_output([probe, device], text=True)  # expect: CWE-78
